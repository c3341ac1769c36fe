/**
 * Places one model in a scenario, or edits an existing placement: the next click in the city sets the position
 * (unless a start is given, e.g. the model's own coordinates), the model is previewed in the 3D view
 * (CityViewer.previewModel), number fields for lon, lat, height, heading, pitch, roll and scale stay in step with
 * the move / turn / scale handles (CityViewer.editPlacement), "on the ground" snaps the height
 * (CityViewer.groundHeight), and "tilt 90°" stands up a model the server read as Z-up (warning `up_axis_z`).
 * Save POSTs a new placement or PATCHes with the version last seen (`version_conflict` when someone else was
 * first: the scenario is reloaded, the stored placement fills the fields and the preview, the user's values stay
 * in the message and can be put back with one click, and the next save is against the new version); Delete
 * removes it after a second click.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Model, Placement, Plan, Scenario } from '../../../../shared/index.js';
import { toApiError } from '../../api/errors.js';
import { createPlacement, deletePlacement, updatePlacement } from '../../api/plans.js';
import type { CityViewer, ModelPlacementSpec } from '../../viewer/types.js';
import { ModelErrorText } from './ModelErrorText.js';
import { attemptedValues } from './placementConflict.js';
import { beginModelPlacing } from './placingSignal.js';
import {
  FIELD_SPECS,
  PLACEMENT_FIELDS,
  formatField,
  formatFields,
  readField,
  readFields,
  tiltQuarter,
  UP_AXIS_Z,
  type PlacementField,
  type PlacementStart,
  type PlacementValues,
} from './numbers.js';

interface Props {
  plan: Plan;
  scenario: Scenario;
  model: Model;
  /** The stored placement being edited, or null for a new one. */
  placement: Placement | null;
  /** Where a new placement starts (the model's georef); null waits for a click in the city. */
  initial: PlacementStart | null;
  /** Scale for a new placement picked by click (e.g. 0.001 chosen with "apply scale"). */
  startScale: number;
  /** A scale to put in the scale field now; `n` changes with every request. */
  scaleRequest: { value: number; n: number } | null;
  viewer: CityViewer;
  onClose(): void;
  /** After a save or delete; `what` says which. */
  onDone(what: 'saved' | 'deleted'): void;
  /** The scenario should be reloaded (after a version conflict). */
  onStale(): void;
}

type Texts = Record<PlacementField, string>;
type Note = 'invalid' | 'clamped';

/** The preview id the viewer shows this editor's model under: the placement's own id when it is stored. */
export function previewIdOf(model: Model, placement: Placement | null): string {
  return placement?.id ?? `preview:${model.id}`;
}

function valuesOfPlacement(p: Placement): PlacementValues {
  return { ...p.position, heading: p.heading, pitch: p.pitch, roll: p.roll, scale: p.scale };
}

function valuesOfSpec(s: ModelPlacementSpec): PlacementValues {
  return { ...s.position, heading: s.heading, pitch: s.pitch, roll: s.roll, scale: s.scale };
}

export function PlacementEditor(props: Props) {
  const { plan, scenario, model, placement, initial, startScale, scaleRequest, viewer, onClose, onDone, onStale } = props;
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const lngRef = useRef(lng);
  lngRef.current = lng;
  const id = useId();
  const [texts, setTexts] = useState<Texts | null>(() => {
    const start = placement ? valuesOfPlacement(placement) : initial;
    return start ? formatFields(start, lng) : null;
  });
  const [notes, setNotes] = useState<Partial<Record<PlacementField, Note>>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  // The version the user edits against: fixed when editing starts (a placement moved elsewhere meanwhile is a
  // conflict, not silently overwritten). After a conflict, once the reloaded scenario brings the newer version,
  // that version is loaded into the fields (and so the preview) and becomes the one the next save is against;
  // `attempted` keeps what the user tried to save.
  const [baseVersion, setBaseVersion] = useState(placement?.version ?? 0);
  const [conflict, setConflict] = useState<{ attempted: PlacementValues; loaded: boolean } | null>(null);
  const newer = conflict && !conflict.loaded && placement && placement.version !== baseVersion ? placement : null;
  useEffect(() => {
    if (!newer) return;
    setBaseVersion(newer.version);
    setTexts(formatFields(valuesOfPlacement(newer), lngRef.current));
    setNotes({});
    setConflict((c) => (c ? { ...c, loaded: true } : c));
  }, [newer]);
  const previewId = previewIdOf(model, placement);
  const picking = texts === null;
  const read = texts ? readFields(texts, lng) : null;
  const values = read?.ok ? read.values : null;
  const startScaleRef = useRef(startScale);
  startScaleRef.current = startScale;

  // Waiting for the click in the city that sets the position.
  useEffect(() => {
    if (!picking) return undefined;
    viewer.setPlacing(true);
    const endPlacing = beginModelPlacing();
    const off = viewer.onPick((p) => {
      if (p.kind !== 'ground' && p.kind !== 'building' && p.kind !== 'model') return;
      setTexts(formatFields({ ...p.position, heading: 0, scale: startScaleRef.current }, lngRef.current));
    });
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => {
      off();
      window.removeEventListener('keydown', onKey);
      viewer.setPlacing(false);
      // After this click's other listeners (App) have run, so they still see the pick as the editor's.
      setTimeout(endPlacing, 0);
    };
  }, [picking, viewer, onClose]);

  // The model in the 3D view, where the fields say (the last valid values).
  const { lon, lat, height, heading, pitch, roll, scale } = values ?? { lon: NaN, lat: NaN, height: NaN, heading: NaN, pitch: NaN, roll: NaN, scale: NaN };
  useEffect(() => {
    if (!Number.isFinite(lon)) return;
    viewer.previewModel({ id: previewId, modelId: model.id, url: model.url, position: { lon, lat, height }, heading, pitch, roll, scale });
  }, [viewer, previewId, model.id, model.url, lon, lat, height, heading, pitch, roll, scale]);
  useEffect(() => () => viewer.previewModel(null), [viewer]);

  // Move / turn / scale handles once the model stands somewhere; they write the fields live.
  const placed = Number.isFinite(lon);
  useEffect(() => {
    if (!placed) return undefined;
    const put = (s: ModelPlacementSpec) => {
      setTexts(formatFields(valuesOfSpec(s), lngRef.current));
      setNotes({});
    };
    return viewer.editPlacement(previewId, { onChange: put, onCommit: put });
  }, [viewer, previewId, placed]);

  // "Apply scale 0.001" from the model list.
  const lastScaleRequest = useRef(scaleRequest?.n);
  useEffect(() => {
    if (!scaleRequest || scaleRequest.n === lastScaleRequest.current) return;
    lastScaleRequest.current = scaleRequest.n;
    setTexts((old) => (old ? { ...old, scale: formatField('scale', scaleRequest.value, lngRef.current) } : old));
  }, [scaleRequest]);

  function change(field: PlacementField, text: string) {
    setTexts((old) => (old ? { ...old, [field]: text } : old));
    setNotes((n) => ({ ...n, [field]: undefined }));
  }

  function normalise(field: PlacementField) {
    if (!texts) return;
    const r = readField(field, texts[field], lng);
    if (!r.ok) {
      setNotes((n) => ({ ...n, [field]: 'invalid' }));
      return;
    }
    setTexts({ ...texts, [field]: formatField(field, r.value, lng) });
    setNotes((n) => ({ ...n, [field]: r.clamped ? 'clamped' : undefined }));
  }

  /** After a conflict: the fields show the stored placement (someone else's change) instead of the user's. */
  function showStored() {
    if (!placement) return;
    setTexts(formatFields(valuesOfPlacement(placement), lng));
    setNotes({});
  }

  /** After a conflict: the user's attempted values back in the fields, to save over the new version. */
  function reapplyMine() {
    if (!conflict) return;
    setTexts(formatFields(conflict.attempted, lng));
    setNotes({});
  }

  function snapToGround() {
    if (!texts || !values) return;
    const h = viewer.groundHeight(values.lon, values.lat);
    if (!Number.isFinite(h)) return;
    setTexts({ ...texts, height: formatField('height', h, lng) });
    setNotes((n) => ({ ...n, height: undefined }));
  }

  /** "Tilt 90°" for a model read as Z-up (see numbers.ts tiltQuarter). */
  function tilt() {
    if (!values) return;
    setTexts(formatFields(tiltQuarter(values, model.stats.size.y), lng));
    setNotes({});
  }
  const mayLieOnItsSide = model.warnings.some((w) => w.code === UP_AXIS_Z);

  /** Runs a save or delete; `attempted`: the values being saved (kept for the message after a conflict). */
  async function run(action: () => Promise<'saved' | 'deleted'>, attempted: PlacementValues | null = null) {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      onDone(await action());
    } catch (e) {
      setError(e);
      if (toApiError(e).code === 'version_conflict') {
        if (attempted) setConflict({ attempted, loaded: false });
        onStale();
      }
    } finally {
      setBusy(false);
    }
  }

  function save() {
    if (!read) return;
    if (!read.ok) {
      setNotes(Object.fromEntries(read.invalid.map((f) => [f, 'invalid' as const])));
      return;
    }
    const v = read.values;
    const position = { lon: v.lon, lat: v.lat, height: v.height };
    void run(async () => {
      if (placement) {
        await updatePlacement(plan.id, scenario.id, placement.id, {
          version: baseVersion, position, heading: v.heading, pitch: v.pitch, roll: v.roll, scale: v.scale,
        });
      } else {
        await createPlacement(plan.id, scenario.id, { modelId: model.id, position, heading: v.heading, pitch: v.pitch, roll: v.roll, scale: v.scale });
      }
      return 'saved';
    }, v);
  }

  function remove() {
    if (!placement) return;
    if (!confirmDelete) {
      setConfirmDelete(true);
      return;
    }
    void run(async () => {
      await deletePlacement(plan.id, scenario.id, placement.id);
      return 'deleted';
    });
  }

  /** "Your values: heading 180, scale 2" (the ones that differ from the stored placement). */
  function attemptedText(attempted: PlacementValues, stored: PlacementValues): string {
    const diff = attemptedValues(attempted, stored, lng);
    if (diff.length === 0) return t('models.placement.attemptedSame');
    return t('models.placement.attempted', { values: diff.map((d) => `${t(`models.placement.short.${d.field}`)} ${d.text}`).join(', ') });
  }

  const title = placement ? t('models.placement.titleEdit', { name: model.name }) : t('models.placement.titleNew', { name: model.name });
  return (
    <form
      className="form card models__editor"
      aria-label={title}
      data-testid="placement-editor"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <h4>{title}</h4>
      {picking ? (
        <p role="status" className="hint" data-testid="placement-picking">
          {t('models.placement.picking')}
        </p>
      ) : (
        <>
          <div className="models__fields">
            {PLACEMENT_FIELDS.map((f) => {
              const note = notes[f];
              const spec = FIELD_SPECS[f];
              return (
                <div key={f} className="models__field">
                  <label className="field" htmlFor={`${id}-${f}`}>
                    <span>{t(`models.placement.${f}`)}</span>
                  </label>
                  <input
                    id={`${id}-${f}`}
                    name={f}
                    type="text"
                    inputMode="decimal"
                    autoComplete="off"
                    spellCheck={false}
                    value={texts[f]}
                    aria-invalid={note === 'invalid'}
                    aria-describedby={note ? `${id}-${f}-note` : undefined}
                    data-testid={`placement-${f}`}
                    onChange={(e) => change(f, e.target.value)}
                    onBlur={() => normalise(f)}
                  />
                  {note && (
                    <p id={`${id}-${f}-note`} className={note === 'invalid' ? 'error-text' : 'hint'}>
                      {note === 'invalid'
                        ? t('models.placement.invalid')
                        : t('models.placement.clamped', { min: formatField(f, spec.min, lng), max: formatField(f, spec.max, lng) })}
                    </p>
                  )}
                </div>
              );
            })}
          </div>
          <p className="muted">{t('models.placement.handles')}</p>
        </>
      )}
      {conflict && placement ? (
        <div className="error-text models__conflict" role="alert" data-testid="placement-conflict" data-loaded={conflict.loaded}>
          {conflict.loaded ? (
            <>
              <p>{t('models.errors.version_conflict')}</p>
              <p data-testid="placement-attempted">{attemptedText(conflict.attempted, valuesOfPlacement(placement))}</p>
            </>
          ) : (
            <p>{t('models.placement.conflictLoading')}</p>
          )}
          {conflict.loaded && (
            <div className="form__actions">
              <button type="button" className="btn btn--small" onClick={reapplyMine} disabled={busy} data-testid="placement-reapply">
                {t('models.placement.reapply')}
              </button>
              <button type="button" className="btn btn--link" onClick={showStored} disabled={busy} data-testid="placement-show-stored">
                {t('models.placement.showStored')}
              </button>
            </div>
          )}
          {error !== null && toApiError(error).code !== 'version_conflict' && <ModelErrorText error={error} />}
        </div>
      ) : (
        <ModelErrorText error={error} />
      )}
      <div className="form__actions">
        {!picking && (
          <>
            <button type="button" className="btn" onClick={snapToGround} disabled={busy || !values} data-testid="placement-ground">
              {t('models.placement.ground')}
            </button>
            {mayLieOnItsSide && (
              <button
                type="button"
                className="btn"
                onClick={tilt}
                disabled={busy || !values}
                title={t('models.placement.tiltHint')}
                aria-pressed={values ? Math.abs(values.roll - 90) < 0.05 : false}
                data-testid="placement-tilt"
              >
                {t('models.placement.tilt')}
              </button>
            )}
            <button type="submit" className="btn btn--primary" disabled={busy} data-testid="placement-save">
              {busy ? t('models.placement.saving') : t('models.placement.save')}
            </button>
          </>
        )}
        {placement && (
          <button type="button" className="btn" onClick={remove} disabled={busy} data-testid="placement-delete">
            {confirmDelete ? t('models.placement.confirmDelete') : t('models.placement.delete')}
          </button>
        )}
        <button type="button" className="btn" onClick={onClose} disabled={busy} data-testid="placement-cancel">
          {t('models.placement.cancel')}
        </button>
      </div>
    </form>
  );
}
