/**
 * A moderator's decisions on one queue item: a required reason (the author is notified with it) and the buttons
 * the item's state allows: Verbergen (visible, held), Herstellen (held, hidden), Verwijderen (anything but removed;
 * asks for confirmation inline, because it is final), Meldingen afwijzen (visible content that waits), and
 * Redigeren (opens RedactForm). The server's answer replaces the item (`onChanged`).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueItem } from '../../../../shared/index.js';
import { actOnContent } from '../../api/moderation.js';
import { ErrorText } from '../../ui/ErrorText.js';
import { actionsFor, type SimpleAction } from './logic.js';
import { RedactForm } from './RedactForm.js';

export function ItemActions({ item, onChanged }: { item: QueueItem; onChanged(item: QueueItem): void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [missingReason, setMissingReason] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [redacting, setRedacting] = useState(false);
  const actions = actionsFor(item);
  const reasonId = `mod-reason-${item.kind}-${item.id}`;

  if (item.state === 'removed') return null;

  const haveReason = (): boolean => {
    const ok = reason.trim() !== '';
    setMissingReason(!ok);
    return ok;
  };

  async function run(action: SimpleAction) {
    if (busy || !haveReason()) return;
    if (action === 'remove' && !confirming) {
      setConfirming(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onChanged(await actOnContent(item.kind, item.id, action, reason.trim()));
      setReason('');
      setConfirming(false);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="mod-actions">
      <label className="field" htmlFor={reasonId}>
        {t('moderation.actions.reason')}
        <textarea
          id={reasonId}
          rows={2}
          value={reason}
          required
          aria-invalid={missingReason}
          onChange={(e) => {
            setReason(e.target.value);
            if (e.target.value.trim()) setMissingReason(false);
          }}
        />
      </label>
      {missingReason && (
        <p className="error-text" role="alert">
          {t('moderation.actions.reasonRequired')}
        </p>
      )}
      <div className="form__actions">
        {actions.map((a) => (
          <button key={a} type="button" className={`btn btn--small${a === 'remove' ? ' btn--danger' : ''}`} disabled={busy} onClick={() => void run(a)}>
            {t(a === 'restore' && item.state === 'held' ? 'moderation.actions.publish' : `moderation.actions.${a}`)}
          </button>
        ))}
        <button type="button" className="btn btn--small" aria-expanded={redacting} disabled={busy} onClick={() => setRedacting((r) => !r)}>
          {t('moderation.actions.redact')}
        </button>
      </div>
      {confirming && (
        <div className="mod-confirm" role="alertdialog" aria-label={t('moderation.actions.remove')}>
          <p>{t('moderation.actions.confirmRemove')}</p>
          <div className="form__actions">
            <button type="button" className="btn btn--small btn--danger" disabled={busy} onClick={() => void run('remove')}>
              {t('moderation.actions.confirmRemoveYes')}
            </button>
            <button type="button" className="btn btn--small" onClick={() => setConfirming(false)}>
              {t('moderation.actions.cancel')}
            </button>
          </div>
        </div>
      )}
      {redacting && (
        <RedactForm
          item={item}
          reason={reason}
          checkReason={haveReason}
          onDone={(next) => {
            onChanged(next);
            setReason('');
            setRedacting(false);
          }}
          onClose={() => setRedacting(false)}
        />
      )}
      {busy && <p className="muted" role="status">{t('moderation.actions.busy')}</p>}
      <ErrorText error={error} />
    </div>
  );
}
