/**
 * A new co-creation thread: title, text, a place (click a spot in the city: CityViewer.drawSketch('point'); the
 * centre of the view: pickCentre; or an area drawn with CityViewer.drawArea(), sent as a GeoJSON Polygon in WGS84
 * degrees with a closed ring) and, while a plan is open, whether it belongs to that plan. POST /threads.
 * The server refuses an area that crosses itself or has no surface with 422 `invalid_area`; that message is shown
 * next to the place field (other errors below the form).
 * Personal data in title or text (issue 6) is caught before sending (ui/personalData.tsx); a thread posted anyway
 * is held for review: the form then says so instead of opening it.
 */
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { THREAD_LIMITS, type Thread, type ThreadAnchor } from '../../../../shared/index.js';
import { toApiError } from '../../api/errors.js';
import { isHeld } from '../../api/privacy.js';
import { createThread } from '../../api/threads.js';
import { ErrorText } from '../../ui/ErrorText.js';
import { HeldNotice, PersonalDataWarning, usePersonalDataGuard } from '../../ui/personalData.js';
import { useSubmit } from '../../ui/useSubmit.js';
import type { CityViewer } from '../../viewer/types.js';

interface Props {
  viewer: CityViewer;
  plan: { id: string; title: string } | null;
  onDone(thread: Thread): void;
  onCancel(): void;
}

export function NewThreadForm({ viewer, plan, onDone, onCancel }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const [title, setTitle] = useState('');
  const [text, setText] = useState('');
  const [anchor, setAnchor] = useState<ThreadAnchor | null>(null);
  /** The anchor of the last submit: an `invalid_area` error is shown only while that area is still the chosen one. */
  const [sentAnchor, setSentAnchor] = useState<ThreadAnchor | null>(null);
  const [withPlan, setWithPlan] = useState(plan !== null);
  const [choosing, setChoosing] = useState<false | 'point' | 'area'>(false);
  const titleRef = useRef<HTMLInputElement>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const pii = usePersonalDataGuard([
    { name: 'title', value: title, ref: titleRef },
    { name: 'text', value: text, ref: textRef },
  ]);
  const [held, setHeld] = useState(false);

  const { busy, error, submit } = useSubmit(
    async () => {
      if (!anchor) return;
      const extra = pii.beforeSend();
      if (!extra) return;
      setSentAnchor(anchor);
      let answer;
      try {
        answer = await createThread({ title, text, anchor, planId: withPlan && plan ? plan.id : null, ...extra });
      } catch (err) {
        if (pii.fromError(err)) return;
        throw err;
      }
      if (isHeld(answer)) {
        setTitle('');
        setText('');
        setHeld(true);
        return;
      }
      onDone(answer);
    },
    () => anchor !== null && title.trim() !== '' && text.trim() !== '',
  );

  const areaError = error && toApiError(error).code === 'invalid_area' ? error : null;
  const showAreaError = areaError !== null && sentAnchor === anchor;

  async function drawArea() {
    setChoosing('area');
    try {
      const v = await viewer.drawArea();
      if (v && v.length >= 3) {
        const ring = v.map(([lon, lat]) => [lon, lat]);
        const [f, l] = [ring[0]!, ring[ring.length - 1]!];
        if (f[0] !== l[0] || f[1] !== l[1]) ring.push([f[0]!, f[1]!]);
        setAnchor({ type: 'Polygon', coordinates: [ring] });
      }
    } finally {
      setChoosing(false);
    }
  }

  async function clickInCity() {
    setChoosing('point');
    try {
      const v = await viewer.drawSketch('point');
      if (v?.[0]) setAnchor({ lon: v[0][0], lat: v[0][1], height: 0 });
    } finally {
      setChoosing(false);
    }
  }

  function centre() {
    const p = viewer.pickCentre();
    if (p.kind !== 'none') setAnchor({ lon: p.position.lon, lat: p.position.lat, height: p.kind === 'ground' ? 0 : p.position.height });
  }

  return (
    <form className="form cocreate" onSubmit={submit} aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{t('cocreate.newTitle')}</h3>
      <label className="field" htmlFor={`${id}-title`}>
        {t('cocreate.titleLabel')}
        <input id={`${id}-title`} ref={titleRef} value={title} maxLength={THREAD_LIMITS.title.max} onChange={(e) => setTitle(e.target.value)} required />
      </label>
      <label className="field" htmlFor={`${id}-text`}>
        {t('cocreate.textLabel')}
        <textarea id={`${id}-text`} ref={textRef} rows={4} value={text} onChange={(e) => setText(e.target.value)} required />
      </label>
      <fieldset className="cocreate__anchor">
        <legend>{t('cocreate.anchor')}</legend>
        <div className="form__actions">
          <button type="button" className="btn btn--small" disabled={choosing !== false} onClick={() => void clickInCity()}>
            {t('cocreate.anchorClick')}
          </button>
          <button type="button" className="btn btn--small" onClick={centre}>
            {t('cocreate.anchorCentre')}
          </button>
          <button type="button" className="btn btn--small" disabled={choosing !== false} onClick={() => void drawArea()}>
            {t('cocreate.anchorArea')}
          </button>
        </div>
        {choosing && <p role="status" className="muted">{t(choosing === 'area' ? 'cocreate.drawHint.polygon' : 'cocreate.drawHint.point')}</p>}
        <p role="status" data-testid="thread-anchor" aria-describedby={showAreaError ? `${id}-area-error` : undefined}>
          {anchor === null
            ? t('cocreate.anchorNone')
            : 'type' in anchor
              ? t('cocreate.anchorAreaSet', { count: anchor.coordinates[0]!.length - 1 })
              : t('cocreate.anchorAt', { lon: anchor.lon.toFixed(6), lat: anchor.lat.toFixed(6) })}
        </p>
        {showAreaError && (
          <p className="error-text" role="alert" id={`${id}-area-error`} data-testid="thread-area-error">
            {t('cocreate.invalidArea')}
          </p>
        )}
      </fieldset>
      {plan && (
        <label>
          <input type="checkbox" checked={withPlan} onChange={(e) => setWithPlan(e.target.checked)} /> {t('cocreate.attachPlan', { title: plan.title })}
        </label>
      )}
      <PersonalDataWarning guard={pii} busy={busy} />
      <HeldNotice show={held && title === '' && text === ''} />
      <div className="form__actions">
        <button type="submit" className="btn btn--primary" disabled={busy || !anchor || title.trim() === '' || text.trim() === ''}>
          {t('cocreate.create')}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          {t('cocreate.cancel')}
        </button>
      </div>
      <ErrorText error={areaError ? null : error} />
    </form>
  );
}
