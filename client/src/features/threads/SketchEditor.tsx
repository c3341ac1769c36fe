/**
 * One sketch as number fields (issue 5: editable without the canvas): every vertex's longitude and latitude
 * (degrees; a decimal comma is fine), the height (metres, polygons only), add / remove a vertex, save with the
 * version seen (PATCH; `version_conflict` shows a message and loads the newer version), delete, and the version
 * list (who changed what, when). With `sketch = null` it creates a new sketch from the fields (POST).
 * Fields follow edits by others live unless the user has changed them (then a note says a newer version exists).
 * The label (issue 6) is resident text: personal data in it is caught before saving (ui/personalData.tsx); a new
 * sketch whose label was held for review is not added (the form says it waits for a moderator).
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Sketch, SketchVersion } from '../../../../shared/index.js';
import { toApiError } from '../../api/errors.js';
import { createSketch, deleteSketch, listSketchVersions, updateSketch } from '../../api/threads.js';
import { isHeld } from '../../api/privacy.js';
import { ErrorText } from '../../ui/ErrorText.js';
import { HeldNotice, PersonalDataWarning, usePersonalDataGuard } from '../../ui/personalData.js';
import { formatDateTime } from '../../i18n/format.js';
import { authorName } from './authorName.js';
import { buildGeometry, fieldsFromSketch, MIN_VERTICES, type FieldError, type SketchFields } from './sketchFields.js';

interface Props {
  threadId: string;
  /** The stored sketch, or null for a new one made from `initial`. */
  sketch: Sketch | null;
  initial?: SketchFields;
  canEdit: boolean;
  onSaved(s: Sketch): void;
  onDeleted(id: string): void;
  /** After a version conflict: load the newer thread. */
  onReload(): void;
  onCancel?(): void;
}

export function SketchEditor({ threadId, sketch, initial, canEdit, onSaved, onDeleted, onReload, onCancel }: Props) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [fields, setFields] = useState<SketchFields>(() => (sketch ? fieldsFromSketch(sketch) : initial!));
  const [base, setBase] = useState(sketch?.version ?? 0);
  const [dirty, setDirty] = useState(false);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [versions, setVersions] = useState<SketchVersion[] | null>(null);
  const [label, setLabel] = useState(sketch?.label ?? '');
  const labelRef = useRef<HTMLInputElement>(null);
  const pii = usePersonalDataGuard([{ name: 'label', value: label, ref: labelRef }]);
  const [held, setHeld] = useState(false);

  // Someone else's edit arrived: follow it unless the user is editing.
  useEffect(() => {
    if (!sketch || sketch.version === base) return;
    if (!dirty) {
      setFields(fieldsFromSketch(sketch));
      setLabel(sketch.label ?? '');
      setBase(sketch.version);
      if (versions) void listSketchVersions(threadId, sketch.id).then(setVersions, () => {});
    }
  }, [sketch, base, dirty, versions, threadId]);

  const edit = (f: (x: SketchFields) => SketchFields) => {
    setFields(f);
    setDirty(true);
  };
  const setVertex = (i: number, axis: 'lon' | 'lat', v: string) =>
    edit((x) => ({ ...x, vertices: x.vertices.map((p, j) => (j === i ? { ...p, [axis]: v } : p)) }));
  const errorOf = (index: number | null, field: FieldError['field']) => errors.find((e) => e.index === index && e.field === field);

  async function save(e: React.FormEvent) {
    e.preventDefault();
    if (busy) return;
    const built = buildGeometry(fields);
    if (!built.ok) {
      setErrors(built.errors);
      return;
    }
    setErrors([]);
    setError(null);
    const extra = pii.beforeSend();
    if (!extra) return;
    setBusy(true);
    setHeld(false);
    try {
      const text = label.trim() === '' ? null : label;
      const saved = sketch
        ? await updateSketch(threadId, sketch.id, { version: base, geometry: built.geometry, height: built.height, label: text, ...extra })
        : await createSketch(threadId, { geometry: built.geometry, height: built.height, ...(text !== null ? { label: text } : {}), ...extra });
      if (isHeld(saved)) {
        setHeld(true);
        setLabel('');
        return;
      }
      setBase(saved.version);
      setDirty(false);
      setFields(fieldsFromSketch(saved));
      onSaved(saved);
      if (versions && sketch) setVersions(await listSketchVersions(threadId, sketch.id));
    } catch (err) {
      if (pii.fromError(err)) return;
      setError(err);
      if (toApiError(err).code === 'version_conflict') {
        setDirty(false); // the newer version replaces the fields when it arrives
        onReload();
      }
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    if (!sketch || busy) return;
    setBusy(true);
    setError(null);
    try {
      await deleteSketch(threadId, sketch.id, base);
      onDeleted(sketch.id);
    } catch (err) {
      setError(err);
      if (toApiError(err).code === 'version_conflict') onReload();
      setBusy(false);
    }
  }

  const fieldError = (fe: FieldError | undefined) =>
    fe ? (
      <small className="field__error" role="alert">
        {t(`cocreate.fieldError.${fe.code}`)}
      </small>
    ) : null;
  const kindName = t(`cocreate.kind.${fields.kind}`);

  return (
    <form className="form sketch-editor" onSubmit={save} aria-label={t('cocreate.sketchForm', { kind: kindName })} data-testid="sketch-editor">
      <fieldset disabled={!canEdit || busy} className="sketch-editor__fields">
        <legend>{t('cocreate.vertices')}</legend>
        <ol className="sketch-editor__vertices">
          {fields.vertices.map((v, i) => (
            <li key={i}>
              <label className="field" htmlFor={`${id}-lon-${i}`}>
                {t('cocreate.lon', { n: i + 1 })}
                <input id={`${id}-lon-${i}`} inputMode="decimal" value={v.lon} onChange={(e) => setVertex(i, 'lon', e.target.value)} />
                {fieldError(errorOf(i, 'lon'))}
              </label>
              <label className="field" htmlFor={`${id}-lat-${i}`}>
                {t('cocreate.lat', { n: i + 1 })}
                <input id={`${id}-lat-${i}`} inputMode="decimal" value={v.lat} onChange={(e) => setVertex(i, 'lat', e.target.value)} />
                {fieldError(errorOf(i, 'lat'))}
              </label>
              {fields.kind !== 'point' && (
                <button
                  type="button"
                  className="btn btn--small"
                  disabled={fields.vertices.length <= MIN_VERTICES[fields.kind]}
                  onClick={() => edit((x) => ({ ...x, vertices: x.vertices.filter((_, j) => j !== i) }))}
                >
                  {t('cocreate.removeVertex', { n: i + 1 })}
                </button>
              )}
            </li>
          ))}
        </ol>
        {fieldError(errorOf(null, 'vertices'))}
        {fields.kind !== 'point' && (
          <button
            type="button"
            className="btn btn--small"
            onClick={() =>
              edit((x) => {
                const last = x.vertices[x.vertices.length - 1] ?? { lon: '0', lat: '0' };
                return { ...x, vertices: [...x.vertices, { ...last }] };
              })
            }
          >
            {t('cocreate.addVertex')}
          </button>
        )}
        {fields.kind === 'polygon' && (
          <label className="field" htmlFor={`${id}-height`}>
            {t('cocreate.height')}
            <input id={`${id}-height`} data-testid="sketch-height" inputMode="decimal" value={fields.height} onChange={(e) => edit((x) => ({ ...x, height: e.target.value }))} />
            {fieldError(errorOf(null, 'height'))}
          </label>
        )}
        <label className="field" htmlFor={`${id}-label`}>
          {t('cocreate.sketchLabel')}
          <input
            id={`${id}-label`}
            ref={labelRef}
            data-testid="sketch-label"
            value={label}
            onChange={(e) => {
              setLabel(e.target.value);
              setDirty(true);
              setHeld(false);
            }}
          />
        </label>
      </fieldset>
      <PersonalDataWarning guard={pii} busy={busy} allowAnyway={!sketch} />
      <HeldNotice show={held} />
      {sketch && dirty && sketch.version !== base && <p className="muted">{t('cocreate.newerVersion')}</p>}
      {canEdit && (
        <div className="form__actions">
          <button type="submit" className="btn btn--primary" disabled={busy}>
            {sketch ? t('cocreate.saveSketch') : t('cocreate.addSketch')}
          </button>
          {sketch && (
            <button type="button" className="btn" disabled={busy} onClick={() => void remove()}>
              {t('cocreate.deleteSketch')}
            </button>
          )}
          {onCancel && (
            <button type="button" className="btn" onClick={onCancel}>
              {t('cocreate.cancel')}
            </button>
          )}
        </div>
      )}
      <ErrorText error={error} />
      {sketch && (
        <details
          onToggle={(e) => {
            if ((e.target as HTMLDetailsElement).open && !versions) void listSketchVersions(threadId, sketch.id).then(setVersions, setError);
          }}
        >
          <summary>{t('cocreate.versions')}</summary>
          {versions === null ? (
            <p className="muted">{t('cocreate.loading')}</p>
          ) : (
            <ol className="sketch-editor__versions" data-testid="sketch-versions">
              {versions.map((v) => (
                <li key={v.version}>
                  {t(`cocreate.versionLine.${v.action}`, { version: v.version, name: authorName(t, v.author), at: formatDateTime(v.at, i18n.language), height: formatHeight(v.height) })}
                </li>
              ))}
            </ol>
          )}
        </details>
      )}
    </form>
  );
}

function formatHeight(h: number): string {
  return String(Number(h.toFixed(2)));
}
