/**
 * The sketches of an open thread: a list (select one to highlight it in 3D and edit it as numbers), "draw point /
 * line / area" in the 3D view (CityViewer.drawSketch, Escape cancels) and "add with numbers" (a new sketch from
 * fields, starting at the thread's position) for those who cannot use the canvas.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Sketch, Thread } from '../../../../shared/index.js';
import { isHeld } from '../../api/privacy.js';
import { createSketch } from '../../api/threads.js';
import { ReportButton } from '../moderation/ReportButton.js';
import { ErrorText } from '../../ui/ErrorText.js';
import type { CityViewer } from '../../viewer/types.js';
import { buildGeometry, fieldsFromVertices, kindOf, type SketchFields, type SketchKind } from './sketchFields.js';
import { authorName } from './authorName.js';
import { SketchEditor } from './SketchEditor.js';

interface Props {
  viewer: CityViewer;
  thread: Thread;
  selected: string | null;
  onSelect(id: string | null): void;
  onSaved(s: Sketch): void;
  onDeleted(id: string): void;
  onReload(): void;
}

const KINDS: SketchKind[] = ['point', 'line', 'polygon'];
/** A polygon drawn in 3D starts at this height (metres); edit it in the height field. */
const DRAWN_POLYGON_HEIGHT = 10;

/** A small shape around the thread's position to start a sketch typed in as numbers. */
function startFields(kind: SketchKind, lon: number, lat: number): SketchFields {
  const d = 0.0002;
  const v: [number, number][] =
    kind === 'point' ? [[lon, lat]] : kind === 'line' ? [[lon, lat], [lon + d, lat]] : [[lon, lat], [lon + d, lat], [lon + d, lat + d / 1.6]];
  return fieldsFromVertices(kind, v, kind === 'polygon' ? DRAWN_POLYGON_HEIGHT : 0);
}

export function SketchesSection({ viewer, thread, selected, onSelect, onSaved, onDeleted, onReload }: Props) {
  const { t } = useTranslation();
  const [drawing, setDrawing] = useState<SketchKind | null>(null);
  const [typing, setTyping] = useState<SketchKind | null>(null);
  const [error, setError] = useState<unknown>(null);
  const can = thread.can.sketch;
  const current = thread.sketches.find((s) => s.id === selected) ?? null;

  async function draw(kind: SketchKind) {
    setError(null);
    setTyping(null);
    setDrawing(kind);
    try {
      const vertices = await viewer.drawSketch(kind);
      if (!vertices) return;
      const built = buildGeometry(fieldsFromVertices(kind, vertices, kind === 'polygon' ? DRAWN_POLYGON_HEIGHT : 0));
      if (!built.ok) return;
      const s = await createSketch(thread.id, { geometry: built.geometry, height: built.height });
      if (isHeld(s)) return; // a drawn sketch has no label to hold; kept for the type (issue 6)
      onSaved(s);
      onSelect(s.id);
    } catch (e) {
      setError(e);
    } finally {
      setDrawing(null);
    }
  }

  return (
    <section className="cocreate__sketches" aria-labelledby={`sketches-${thread.id}`}>
      <h4 id={`sketches-${thread.id}`}>{t('cocreate.sketches', { count: thread.sketches.length })}</h4>
      {thread.sketches.length === 0 ? (
        <p className="muted">{t('cocreate.noSketches')}</p>
      ) : (
        <ul className="cocreate__sketch-list">
          {thread.sketches.map((s, i) => (
            <li key={s.id}>
              <button
                type="button"
                className="btn btn--small"
                aria-pressed={s.id === selected}
                onClick={() => onSelect(s.id === selected ? null : s.id)}
                data-sketch-id={s.id}
              >
                {t('cocreate.sketchItem', { n: i + 1, kind: t(`cocreate.kind.${kindOf(s.geometry)}`), name: authorName(t, s.updatedBy) })}
              </button>
              <ReportButton kind="sketch" id={s.id} authorId={s.createdBy.id} what={t('resident.report.what.sketch', { n: i + 1 })} />
            </li>
          ))}
        </ul>
      )}
      {can && (
        <>
          <div className="form__actions" role="group" aria-label={t('cocreate.drawGroup')}>
            {KINDS.map((k) => (
              <button key={k} type="button" className="btn btn--small" disabled={drawing !== null} onClick={() => void draw(k)}>
                {t(`cocreate.draw.${k}`)}
              </button>
            ))}
          </div>
          {drawing && (
            <p role="status" className="muted">
              {t(`cocreate.drawHint.${drawing}`)}
            </p>
          )}
          <div className="form__actions" role="group" aria-label={t('cocreate.typeGroup')}>
            {KINDS.map((k) => (
              <button key={k} type="button" className="btn btn--small" aria-pressed={typing === k} onClick={() => setTyping(typing === k ? null : k)}>
                {t(`cocreate.type.${k}`)}
              </button>
            ))}
          </div>
        </>
      )}
      <ErrorText error={error} />
      {typing && (
        <SketchEditor
          key={`new-${typing}`}
          threadId={thread.id}
          sketch={null}
          initial={startFields(typing, thread.position.lon, thread.position.lat)}
          canEdit={can}
          onSaved={(s) => {
            setTyping(null);
            onSaved(s);
            onSelect(s.id);
          }}
          onDeleted={() => {}}
          onReload={onReload}
          onCancel={() => setTyping(null)}
        />
      )}
      {current && (
        <SketchEditor
          key={current.id}
          threadId={thread.id}
          sketch={current}
          canEdit={can}
          onSaved={onSaved}
          onDeleted={(id) => {
            onSelect(null);
            onDeleted(id);
          }}
          onReload={onReload}
        />
      )}
    </section>
  );
}
