/**
 * Redaction of one part of a text field (POST /moderation/content/{kind}/{id}/redact with
 * `{field, parts: [{start, end}], reason}`): the moderator selects the part in a read-only textarea holding the
 * field's stored text, or types the start and end (UTF-16 indexes, end exclusive, as the textarea's selection
 * counts); the part that will go is shown as text before sending. The reason comes from ItemActions.
 * Each part carries `expected` (the selected text): when the stored text changed meanwhile the server answers 409
 * `version_conflict` and the form says to reload; a result longer than the field allows (422) asks for a longer part.
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueItem, RedactBody } from '../../../../shared/index.js';
import { redactContent } from '../../api/moderation.js';
import { ErrorText } from '../../ui/ErrorText.js';
import { toApiError } from '../../api/errors.js';
import { redactError, redactPart } from './logic.js';

type Field = RedactBody['field'];
const FIELDS: readonly Field[] = ['body', 'title', 'text', 'label', 'name'];

interface Props {
  item: QueueItem;
  reason: string;
  /** Shows the "reason required" message and says whether there is one. */
  checkReason(): boolean;
  onDone(item: QueueItem): void;
  onClose(): void;
}

export function RedactForm({ item, reason, checkReason, onDone, onClose }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const fields = FIELDS.filter((f) => typeof item.fields[f] === 'string');
  const [field, setField] = useState<Field | undefined>(fields[0]);
  const [start, setStart] = useState(0);
  const [end, setEnd] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (!field) return null;
  const text = item.fields[field] ?? '';
  const valid = Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end > start && end <= text.length;
  const selected = valid ? text.slice(start, end) : '';
  const known = error ? redactError(toApiError(error)) : null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy || !valid || !field || !checkReason()) return;
    setBusy(true);
    setError(null);
    try {
      onDone(await redactContent(item.kind, item.id, { field, parts: [redactPart(text, start, end)], reason: reason.trim() }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const fromTextarea = (el: HTMLTextAreaElement) => {
    setStart(el.selectionStart);
    setEnd(el.selectionEnd);
  };

  return (
    <form className="form mod-redact" onSubmit={(e) => void submit(e)} aria-label={t('moderation.redact.title')}>
      <h4>{t('moderation.redact.title')}</h4>
      {fields.length > 1 && (
        <label className="field">
          {t('moderation.redact.field')}
          <select
            value={field}
            onChange={(e) => {
              setField(e.target.value as Field);
              setStart(0);
              setEnd(0);
            }}
          >
            {fields.map((f) => (
              <option key={f} value={f}>
                {t(`moderation.fields.${f}`)}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="field" htmlFor={`${id}-text`}>
        {t('moderation.redact.text')}
        <textarea
          id={`${id}-text`}
          readOnly
          rows={Math.min(8, Math.max(2, Math.ceil(text.length / 50)))}
          value={text}
          onSelect={(e) => fromTextarea(e.currentTarget)}
          onMouseUp={(e) => fromTextarea(e.currentTarget)}
          onKeyUp={(e) => fromTextarea(e.currentTarget)}
        />
      </label>
      <div className="mod-redact__range">
        <label className="field">
          {t('moderation.redact.start')}
          <input type="number" min={0} max={text.length} value={start} onChange={(e) => setStart(Number(e.target.value))} />
        </label>
        <label className="field">
          {t('moderation.redact.end')}
          <input type="number" min={1} max={text.length} value={end} onChange={(e) => setEnd(Number(e.target.value))} />
        </label>
      </div>
      <p data-testid="redact-preview">
        {valid ? (
          <>
            {t('moderation.redact.selected')}
            <mark className="mod-mark mod-mark--redact">{selected}</mark>
          </>
        ) : (
          <span className="muted">{t('moderation.redact.nothingSelected')}</span>
        )}
      </p>
      <div className="form__actions">
        <button type="submit" className="btn btn--small btn--danger" disabled={busy || !valid}>
          {t('moderation.redact.submit')}
        </button>
        <button type="button" className="btn btn--small" onClick={onClose}>
          {t('moderation.redact.close')}
        </button>
      </div>
      {known ? (
        <p className="error-text" role="alert" data-testid="redact-error">
          {t(known.key as 'moderation.redact.tooLong', { n: known.vars.n ?? 0, max: known.vars.max ?? 0 })}
        </p>
      ) : (
        <ErrorText error={error} />
      )}
    </form>
  );
}
