/**
 * The planner's form for a new poll on the plan (POST /polls with `attachment: {planId}`) or at a spot in the city
 * (`attachment()` gives `{position}` at submit time; `attachmentField` is the control that chooses it): question, 2–20 answers
 * (add / remove; each may stand for one of the plan's scenarios), single or multiple choice with a maximum, opening
 * and closing as `datetime-local` in Amsterdam time (sent as local text, pollDraft.ts), and when results are
 * visible (default: after closing). The server's `nonexistent_local_time` / `ambiguous_local_time` messages appear
 * next to the time they are about; for an ambiguous time two radio buttons pick summer (+02:00) or winter (+01:00)
 * time, sent with the next attempt.
 */
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { POLL_LIMITS, RESULTS_VISIBILITIES, type Poll, type PollAttachmentInput, type Scenario } from '../../../../shared/index.js';
import { createPoll } from '../../api/polls.js';
import { useSubmit } from '../../ui/useSubmit.js';
import { FieldErrors, PlanError } from '../plans/PlanError.js';
import {
  draftReady,
  dstErrorFor,
  emptyPollDraft,
  newOptionDraft,
  pollBodyFromDraft,
  timeForWire,
  type DstOffset,
  type PollDraft,
} from './pollDraft.js';

interface Props {
  /** A plan poll: the plan. */
  planId?: string;
  /** Otherwise: where the poll goes, read when it is sent. */
  attachment?: () => PollAttachmentInput;
  /** Shown first in the form: the control that chooses the attachment. */
  attachmentField?: ReactNode;
  scenarios: Scenario[];
  onCreated(poll: Poll): void;
  onCancel(): void;
}

function TimeInput({ field, draft, set, error }: {
  field: 'opensAt' | 'closesAt';
  draft: PollDraft;
  set(patch: Partial<PollDraft>): void;
  error: unknown;
}) {
  const { t } = useTranslation();
  const id = useId();
  const offsetKey = field === 'opensAt' ? 'opensOffset' : 'closesOffset';
  const value = draft[field];
  const offset = draft[offsetKey];
  const dst = dstErrorFor(error, field, timeForWire(value, offset));
  // Once the planner chose a side, keep offering the choice for this value.
  const ambiguous = dst?.code === 'ambiguous_local_time' || offset !== '';
  return (
    <div className="field">
      <label htmlFor={id}>{t(`polls.form.${field}`)}</label>
      <input
        id={id}
        type="datetime-local"
        value={value}
        required
        aria-invalid={!!dst}
        aria-describedby={`${id}-err`}
        onChange={(e) => set({ [field]: e.target.value, [offsetKey]: '' as DstOffset })}
      />
      <FieldErrors error={dst ? null : error} path={field} id={`${id}-err`} extra={dst?.message ?? null} />
      {ambiguous && (
        <fieldset className="poll-form__dst">
          <legend>{t('polls.form.whichOne')}</legend>
          {(['+02:00', '+01:00'] as const).map((o) => (
            <label key={o} className="check">
              <input type="radio" name={`${id}-dst`} checked={offset === o} onChange={() => set({ [offsetKey]: o })} />
              <span>{o === '+02:00' ? t('polls.form.summer') : t('polls.form.winter')}</span>
            </label>
          ))}
        </fieldset>
      )}
    </div>
  );
}

export function PollForm({ planId, attachment, attachmentField, scenarios, onCreated, onCancel }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const [draft, setDraft] = useState<PollDraft>(emptyPollDraft);
  const set = (patch: Partial<PollDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const setOption = (i: number, patch: Partial<PollDraft['options'][number]>) =>
    setDraft((d) => ({ ...d, options: d.options.map((o, j) => (j === i ? { ...o, ...patch } : o)) }));
  const create = useSubmit(
    async () => {
      const target = planId ?? attachment?.();
      if (target === undefined) throw new Error('PollForm needs planId or attachment');
      const poll = await createPoll(pollBodyFromDraft(draft, target));
      setDraft(emptyPollDraft());
      onCreated(poll);
    },
    () => draftReady(draft),
  );

  return (
    <form className="form card poll-form" onSubmit={create.submit} aria-labelledby={`${id}-h`}>
      <h4 id={`${id}-h`}>{t('polls.form.title')}</h4>
      {attachmentField}
      <label className="field" htmlFor={`${id}-q`}>
        <span>{t('polls.form.question')}</span>
        <input
          id={`${id}-q`}
          type="text"
          value={draft.question}
          maxLength={POLL_LIMITS.question.max}
          required
          onChange={(e) => set({ question: e.target.value })}
        />
      </label>
      <FieldErrors error={create.error} path="question" />

      <fieldset className="poll-form__options">
        <legend>{t('polls.form.options')}</legend>
        <FieldErrors error={create.error} path="options" />
        <ol className="poll-form__list">
          {draft.options.map((o, i) => (
            <li key={o.key} className="poll-form__option">
              <label className="field" htmlFor={`${id}-${o.key}`}>
                <span>{t('polls.form.optionN', { n: i + 1 })}</span>
                <input
                  id={`${id}-${o.key}`}
                  type="text"
                  value={o.label}
                  maxLength={POLL_LIMITS.optionLabel.max}
                  required
                  onChange={(e) => setOption(i, { label: e.target.value })}
                />
              </label>
              {scenarios.length > 0 && (
                <label className="field" htmlFor={`${id}-${o.key}-s`}>
                  <span>{t('polls.form.optionScenario', { n: i + 1 })}</span>
                  <select id={`${id}-${o.key}-s`} value={o.scenarioId} onChange={(e) => setOption(i, { scenarioId: e.target.value })}>
                    <option value="">{t('polls.form.noScenario')}</option>
                    {scenarios.map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.name}
                      </option>
                    ))}
                  </select>
                </label>
              )}
              {draft.options.length > POLL_LIMITS.options.min && (
                <button
                  type="button"
                  className="btn btn--small"
                  onClick={() => setDraft((d) => ({ ...d, options: d.options.filter((_, j) => j !== i) }))}
                >
                  {t('polls.form.removeOption', { n: i + 1 })}
                </button>
              )}
            </li>
          ))}
        </ol>
        {draft.options.length < POLL_LIMITS.options.max && (
          <button type="button" className="btn btn--small" onClick={() => setDraft((d) => ({ ...d, options: [...d.options, newOptionDraft()] }))}>
            {t('polls.form.addOption')}
          </button>
        )}
      </fieldset>

      <fieldset className="poll-form__kind">
        <legend>{t('polls.form.kind')}</legend>
        {(['single', 'multiple'] as const).map((k) => (
          <label key={k} className="check">
            <input type="radio" name={`${id}-kind`} checked={draft.kind === k} onChange={() => set({ kind: k })} />
            <span>{t(`polls.form.${k}`)}</span>
          </label>
        ))}
        {draft.kind === 'multiple' && (
          <label className="field" htmlFor={`${id}-max`}>
            <span>{t('polls.form.maxChoices')}</span>
            <input
              id={`${id}-max`}
              type="number"
              min={1}
              max={draft.options.length}
              step={1}
              value={Math.min(draft.maxChoices, draft.options.length)}
              onChange={(e) => set({ maxChoices: Math.max(1, Math.trunc(Number(e.target.value)) || 1) })}
            />
          </label>
        )}
        <FieldErrors error={create.error} path="maxChoices" />
      </fieldset>

      <TimeInput field="opensAt" draft={draft} set={set} error={create.error} />
      <TimeInput field="closesAt" draft={draft} set={set} error={create.error} />
      <p className="muted">
        <small>{t('polls.timeZone')}</small>
      </p>

      <label className="field" htmlFor={`${id}-vis`}>
        <span>{t('polls.form.visibility')}</span>
        <select
          id={`${id}-vis`}
          value={draft.resultsVisibility}
          onChange={(e) => set({ resultsVisibility: e.target.value as PollDraft['resultsVisibility'] })}
        >
          {RESULTS_VISIBILITIES.map((v) => (
            <option key={v} value={v}>
              {t(`polls.visibility.${v}`)}
            </option>
          ))}
        </select>
      </label>

      <PlanError error={create.error} shown={['question', 'options', 'maxChoices', 'opensAt', 'closesAt']} />
      <div className="form__actions">
        <button type="submit" className="btn btn--primary" disabled={create.busy || !draftReady(draft)}>
          {t('polls.form.create')}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          {t('polls.form.cancel')}
        </button>
      </div>
    </form>
  );
}
