/**
 * The plan area in a form: draw it in the 3D view (viewer.drawArea: click vertices, Enter or double-click
 * finishes, Escape cancels) or upload a GeoJSON file (areaFile.ts says what is accepted and why not). The file is
 * the keyboard-only way in. The current area is outlined in the view while the form is open.
 */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlanArea } from '../../../../shared/index.js';
import type { CityViewer } from '../../viewer/types.js';
import { areaFromRing, outerRing, parseAreaFile, type AreaProblem } from './areaFile.js';
import { FieldErrors } from './PlanError.js';

interface Props {
  viewer: CityViewer;
  area: PlanArea | null;
  onChange(area: PlanArea): void;
  error: unknown;
  showRequired: boolean;
}

export function AreaField({ viewer, area, onChange, error, showRequired }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const [drawing, setDrawing] = useState(false);
  const [problem, setProblem] = useState<{ problem: AreaProblem; detail?: string } | null>(null);

  // Show the area being edited; the plan page puts the stored one back when the form closes.
  const ringKey = area ? JSON.stringify(area.coordinates[0]) : null;
  useEffect(() => {
    if (area) viewer.setPlanArea(outerRing(area));
    // ringKey stands for area
  }, [viewer, ringKey]);

  async function draw() {
    setProblem(null);
    setDrawing(true);
    try {
      const ring = await viewer.drawArea();
      if (!ring) return;
      const r = areaFromRing(ring);
      if (r.ok) onChange(r.area);
      else setProblem(r);
    } finally {
      setDrawing(false);
    }
  }

  async function upload(file: File) {
    setProblem(null);
    const r = parseAreaFile(await file.text());
    if (r.ok) onChange(r.area);
    else setProblem(r);
  }

  const local = problem
    ? t(`plans.area.problem.${problem.problem}`, { detail: problem.detail ?? '' })
    : showRequired && !area
      ? t('plans.area.required')
      : null;

  return (
    <fieldset className="area-field">
      <legend>{t('plans.area.label')}</legend>
      <p role="status" className="area-field__status">
        {area ? t('plans.area.set', { count: (area.coordinates[0]?.length ?? 1) - 1 }) : t('plans.area.none')}
      </p>
      {drawing && <p className="hint">{t('plans.area.drawing')}</p>}
      <div className="form__actions">
        <button type="button" className="btn" onClick={() => void draw()} disabled={drawing}>
          {t('plans.area.draw')}
        </button>
      </div>
      <label className="field" htmlFor={`${id}-file`}>
        <span>{t('plans.area.file')}</span>
        <small>{t('plans.area.fileHint')}</small>
        <input
          id={`${id}-file`}
          type="file"
          accept=".geojson,.json,application/geo+json,application/json"
          aria-describedby={`${id}-err`}
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void upload(f);
            e.target.value = '';
          }}
        />
      </label>
      <FieldErrors error={error} path="area" id={`${id}-err`} extra={local} />
    </fieldset>
  );
}
