/**
 * A text form for a comment or reply: textarea with a code-point counter (0 / 2000, the limit the
 * server checks), post and cancel. One clientId per draft, kept across retries (a failed or
 * timed-out post sent again is the same command), replaced after a successful post.
 * Personal data (issue 6): the text is checked before sending (ui/personalData.tsx); "Toch plaatsen" sends it with
 * `confirmPersonalData: true`. When `onSubmit` answers 'held' the form says the post waits for a moderator.
 */
import { useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS, codePointLength } from '../../../../shared/index.js';
import { newClientId } from '../../api/socket.js';
import { ErrorText } from '../../ui/ErrorText.js';
import { HeldNotice, PersonalDataWarning, usePersonalDataGuard } from '../../ui/personalData.js';
import { useSubmit } from '../../ui/useSubmit.js';

interface Props {
  label: string;
  submitLabel: string;
  /**
   * Sends the text (with `confirmPersonalData: true` in `extra` after "Toch plaatsen"); throws an ApiError to keep
   * the form open with the error shown; resolves 'held' when the server held the post for review.
   */
  onSubmit: (body: string, clientId: string, extra: { confirmPersonalData?: true }) => Promise<void | 'held'>;
  onCancel?: () => void;
  children?: ReactNode;
  autoFocus?: boolean;
  className?: string;
}

export function ComposeForm({ label, submitLabel, onSubmit, onCancel, children, autoFocus, className }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState('');
  const clientId = useRef<string>(newClientId());
  const area = useRef<HTMLTextAreaElement>(null);
  const pii = usePersonalDataGuard([{ name: 'body', value: text, ref: area }]);
  const [held, setHeld] = useState(false);

  const max = LIMITS.commentBody.max;
  const count = codePointLength(text);
  const tooLong = count > max;
  const empty = text.trim() === '';

  const { busy, error, submit } = useSubmit(
    async () => {
      const extra = pii.beforeSend();
      if (!extra) return;
      let answer: void | 'held';
      try {
        answer = await onSubmit(text, clientId.current, extra);
      } catch (err) {
        if (pii.fromError(err)) return;
        throw err;
      }
      clientId.current = newClientId();
      setText('');
      setHeld(answer === 'held');
    },
    () => !empty && !tooLong,
  );

  return (
    <form className={`form compose ${className ?? ''}`} onSubmit={submit}>
      {children}
      <label className="field" htmlFor={`${id}-body`}>
        <span>{label}</span>
      </label>
      <textarea
        id={`${id}-body`}
        ref={area}
        name="body"
        rows={4}
        value={text}
        autoFocus={autoFocus}
        aria-describedby={`${id}-count`}
        aria-invalid={tooLong}
        onChange={(e) => {
          setText(e.target.value);
          setHeld(false);
        }}
      />
      <p id={`${id}-count`} className={`compose__count${tooLong ? ' compose__count--over' : ''}`} aria-live="polite">
        {tooLong ? t('compose.tooLong', { max }) : t('compose.counter', { count, max })}
      </p>
      <PersonalDataWarning guard={pii} busy={busy} />
      <HeldNotice show={held} />
      <ErrorText error={error} />
      <div className="form__actions">
        <button type="submit" className="btn btn--primary" disabled={busy || empty || tooLong}>
          {busy ? t('compose.posting') : submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="btn" onClick={onCancel} disabled={busy}>
            {t('compose.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
