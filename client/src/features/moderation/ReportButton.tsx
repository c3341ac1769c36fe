/**
 * "Melden": report one piece of content (comment, reply, thread, post, sketch, model) to the moderators. Shown to
 * signed-in users only, never on their own content (`authorId` equal to the signed-in user). The button opens a
 * modal dialog (native `<dialog>`: focus moves into it, Escape closes it, focus returns to the button) with the
 * reasons (spam, beledigend, persoonsgegevens, off-topic, anders) and an optional note → POST /api/v1/reports.
 * Answers: new report → "Bedankt, een moderator kijkt ernaar"; repeat (`counted:false`) → "Je had dit al gemeld";
 * `unauthenticated` → a log-in prompt; other errors by code (ErrorText).
 *
 * The dialog lives in one `ReportDialogHost` (mounted once in App.tsx), not inside the button: reported content may
 * vanish live while the dialog is open (the report reached the threshold and a `content:moderated` event removed the
 * item), and the thank-you must still show. Focus returns to the button when it is still on the page.
 */
import { useEffect, useId, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { MODERATION_LIMITS, codePointLength, type ContentKind, type ReportReason } from '../../../../shared/index.js';
import { toApiError } from '../../api/errors.js';
import { reportContent } from '../../api/privacy.js';
import { ErrorText } from '../../ui/ErrorText.js';
import { useSession } from '../account/session.js';
import { REPORT_REASON_ORDER } from './reportReasons.js';

interface Props {
  kind: ContentKind;
  id: string;
  /** The content's author id (null: removed participant); the button is not shown on one's own content. */
  authorId: string | null;
  /** What is reported, for the button's accessible name, e.g. "reactie van Anna". */
  what?: string;
  className?: string;
}

type Outcome = 'reported' | 'already' | 'login' | null;

interface Target {
  kind: ContentKind;
  id: string;
  opener: HTMLElement | null;
}

/** The one open report dialog (module state: a page has at most one). */
let current: Target | null = null;
const listeners = new Set<() => void>();
function setCurrent(t: Target | null): void {
  current = t;
  for (const f of listeners) f();
}
const subscribe = (f: () => void) => {
  listeners.add(f);
  return () => listeners.delete(f);
};

export function ReportButton({ kind, id, authorId, what, className }: Props) {
  const { t } = useTranslation();
  const { me } = useSession();
  if (!me || (authorId !== null && authorId === me.id)) return null;
  const label = what ? t('resident.report.buttonLabel', { what }) : t('resident.report.button');
  return (
    <button
      type="button"
      className={`btn btn--small btn--link report-button ${className ?? ''}`}
      aria-label={label}
      aria-haspopup="dialog"
      data-testid="report-button"
      onClick={(e) => setCurrent({ kind, id, opener: e.currentTarget })}
    >
      {t('resident.report.button')}
    </button>
  );
}

/** Renders the open report dialog, if any; mount once, inside SessionProvider and i18n. */
export function ReportDialogHost() {
  const target = useSyncExternalStore(subscribe, () => current);
  if (!target) return null;
  return <ReportDialog key={`${target.kind}:${target.id}`} target={target} />;
}

function ReportDialog({ target }: { target: Target }) {
  const { t } = useTranslation();
  const uid = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState<ReportReason | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    const opener = target.opener;
    // After the dialog is gone (the page behind a modal dialog is inert), focus returns to the button if it is still there.
    return () => {
      if (opener?.isConnected) queueMicrotask(() => opener.focus());
    };
  }, [target]);

  const close = () => setCurrent(null);

  async function send(e: React.FormEvent) {
    e.preventDefault();
    if (!reason || busy) return;
    setBusy(true);
    setError(null);
    try {
      const r = await reportContent({ kind: target.kind, id: target.id, reason, ...(note.trim() ? { note: note.trim() } : {}) });
      setOutcome(r.counted ? 'reported' : 'already');
    } catch (err) {
      if (toApiError(err).code === 'unauthenticated') setOutcome('login');
      else setError(err);
    } finally {
      setBusy(false);
    }
  }

  const noteMax = MODERATION_LIMITS.reportNote.max;
  const noteTooLong = codePointLength(note) > noteMax;

  return (
    <dialog
      ref={dialog}
      className="report-dialog card"
      aria-labelledby={`${uid}-title`}
      data-testid="report-dialog"
      onCancel={(e) => {
        e.preventDefault();
        close();
      }}
      onClose={close}
    >
      <h3 id={`${uid}-title`}>{t('resident.report.title')}</h3>
      {outcome ? (
        <>
          <p role="status" data-testid="report-outcome">
            {t(`resident.report.outcome.${outcome}`)}
          </p>
          <div className="form__actions">
            <button type="button" className="btn btn--primary" autoFocus onClick={close}>
              {t('resident.report.close')}
            </button>
          </div>
        </>
      ) : (
        <form className="form" onSubmit={(e) => void send(e)}>
          <fieldset>
            <legend>{t('resident.report.reasonLegend')}</legend>
            {REPORT_REASON_ORDER.map((r, i) => (
              <label key={r} className="report-dialog__reason">
                <input type="radio" name={`${uid}-reason`} value={r} checked={reason === r} autoFocus={i === 0} onChange={() => setReason(r)} />{' '}
                {t(`resident.report.reason.${r}`)}
              </label>
            ))}
          </fieldset>
          <label className="field" htmlFor={`${uid}-note`}>
            {t('resident.report.note')}
            <textarea id={`${uid}-note`} rows={3} value={note} aria-invalid={noteTooLong} onChange={(e) => setNote(e.target.value)} />
          </label>
          {noteTooLong && <p className="error-text">{t('compose.tooLong', { max: noteMax })}</p>}
          <ErrorText error={error} />
          <div className="form__actions">
            <button type="submit" className="btn btn--primary" disabled={busy || !reason || noteTooLong}>
              {busy ? t('resident.report.sending') : t('resident.report.send')}
            </button>
            <button type="button" className="btn" onClick={close}>
              {t('resident.report.cancel')}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
