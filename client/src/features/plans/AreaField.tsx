/**
 * The plan area in a form: draw it in the 3D view (viewer.drawArea: click vertices, Enter or double-click
 * finishes, Escape cancels) or upload a GeoJSON file (areaFile.ts says what is accepted and why not). The file is
 * the keyboard-only way in. The current area is outlined in the view while the form is open.
 *
 * What is chosen is always said in one place (the status line: vertex count and where it came from). A drawing or
 * file that is refused here says so, names the file, and says that the area chosen before (if any) stays; a new
 * area clears it (and PlanForm drops the server's complaint about the old one, staleErrors.ts).
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

/** Where the chosen area came from: drawn in the view, a file (its name), or the plan as stored. */
type Source = { kind: 'drawn' } | { kind: 'file'; name: string } | { kind: 'stored' };

/** A drawing or file refused before it reached the server: why, and which file. */
interface Problem {
  problem: AreaProblem;
  detail?: string;
  /** The refused file's name; absent for a drawing. */
  file?: string;
}

export function AreaField({ viewer, area, onChange, error, showRequired }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const [drawing, setDrawing] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [source, setSource] = useState<Source>({ kind: 'stored' });

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
      if (r.ok) {
        setSource({ kind: 'drawn' });
        onChange(r.area);
      } else setProblem({ problem: r.problem, detail: r.detail });
    } finally {
      setDrawing(false);
    }
  }

  async function upload(file: File) {
    setProblem(null);
    const r = parseAreaFile(await file.text());
    if (r.ok) {
      setSource({ kind: 'file', name: file.name });
      onChange(r.area);
    } else setProblem({ problem: r.problem, detail: r.detail, file: file.name });
  }

  const count = area ? (area.coordinates[0]?.length ?? 1) - 1 : 0;
  const local = problem
    ? [
        t(`plans.area.problem.${problem.problem}`, { detail: problem.detail ?? '' }),
        problem.file !== undefined ? t('plans.area.fileNotUsed', { name: problem.file }) : t('plans.area.drawingNotUsed'),
        area ? t('plans.area.kept', { count }) : t('plans.area.none'),
      ].join(' ')
    : showRequired && !area
      ? t('plans.area.required')
      : null;
  const from =
    source.kind === 'drawn' ? t('plans.area.fromDrawing') : source.kind === 'file' ? t('plans.area.fromFile', { name: source.name }) : t('plans.area.fromPlan');

  return (
    <fieldset className="area-field">
      <legend>{t('plans.area.label')}</legend>
      <p role="status" className="area-field__status">
        {area ? `${t('plans.area.set', { count })} ${from}` : t('plans.area.none')}
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
