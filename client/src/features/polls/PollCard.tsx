/**
 * One poll: question, state (nog niet open / open / gesloten), opening and closing in Europe/Amsterdam, the options
 * (radio buttons for single choice, checkboxes for multiple with the maximum enforced: once it is reached the other
 * boxes are disabled), with a scenario an option stands for and a "show scenario" button; vote / change vote
 * (PUT /polls/:id/ballot) and withdraw (DELETE), "your vote has been saved" in a live region; the results as bars
 * when the server sent them, otherwise a line saying when they become visible; the CSV export link when visible.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorCode, type Poll, type Scenario } from '../../../../shared/index.js';
import { toApiError } from '../../api/errors.js';
import { deleteBallot, pollExportUrl, putBallot } from '../../api/polls.js';
import { formatDateTime } from '../../i18n/format.js';
import { ErrorText } from '../../ui/ErrorText.js';
import { choiceEnabled, hiddenReason, pollStateAt, sameChoices, toggleChoice } from './pollLogic.js';
import { PollResultsView } from './PollResultsView.js';

interface Props {
  poll: Poll;
  now: number;
  signedIn: boolean;
  scenarios: Scenario[];
  onShowScenario?: (scenarioId: string) => void;
  onPoll(poll: Poll): void;
  /** After a withdrawal (the poll is re-fetched: results may be hidden again). */
  onReload(): void;
}

export function PollCard({ poll, now, signedIn, scenarios, onShowScenario, onPoll, onReload }: Props) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const lng = i18n.language;
  const state = pollStateAt(poll, now);
  const mine = poll.myBallot?.choices ?? [];
  const [selected, setSelected] = useState<string[]>(mine);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<'saved' | 'withdrawn' | null>(null);
  const mineKey = mine.join(',');
  // A ballot that changed elsewhere (another tab, a re-fetch) replaces the selection.
  useEffect(() => setSelected(mineKey === '' ? [] : mineKey.split(',')), [mineKey]);

  const canVote = poll.can.vote && state === 'open';
  const changed = !sameChoices(selected, mine);
  const reason = hiddenReason(poll, state);
  const scenarioName = (sid: string) => scenarios.find((s) => s.id === sid)?.name ?? null;

  async function run(action: () => Promise<void>, done: 'saved' | 'withdrawn') {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await action();
      setNotice(done);
    } catch (e) {
      setError(e);
      // Opened or closed meanwhile by the server's clock: fetch the poll's current state (and maybe its results).
      const code = toApiError(e).code;
      if (code === ErrorCode.pollClosed || code === ErrorCode.pollNotOpen) onReload();
    } finally {
      setBusy(false);
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (busy || !canVote || selected.length === 0) return;
    void run(async () => {
      const r = await putBallot(poll.id, selected);
      onPoll(r.poll);
    }, 'saved');
  }

  function withdraw() {
    void run(async () => {
      await deleteBallot(poll.id);
      setSelected([]);
      onPoll({ ...poll, myBallot: null });
      onReload();
    }, 'withdrawn');
  }

  const inputType = poll.kind === 'single' ? 'radio' : 'checkbox';
  return (
    <article className="poll card" aria-labelledby={`${id}-q`} data-poll-id={poll.id}>
      <header className="poll__head">
        <h4 id={`${id}-q`}>{poll.question}</h4>
        <span className={`badge poll__state poll__state--${state}`}>{t(`polls.state.${state}`)}</span>
      </header>
      <dl className="poll__times">
        <dt>{t('polls.opens')}</dt>
        <dd>
          <time dateTime={poll.opensAt}>{formatDateTime(poll.opensAt, lng)}</time>
        </dd>
        <dt>{t('polls.closes')}</dt>
        <dd>
          <time dateTime={poll.closesAt}>{formatDateTime(poll.closesAt, lng)}</time>
        </dd>
      </dl>

      <form className="poll__ballot" onSubmit={submit}>
        <fieldset disabled={!canVote || busy}>
          <legend>
            {poll.kind === 'single' ? t('polls.kind.single') : t('polls.kind.multiple', { count: poll.maxChoices })}
          </legend>
          {poll.options.map((o) => {
            const sname = o.scenarioId ? scenarioName(o.scenarioId) : null;
            return (
              <div key={o.id} className="poll__option">
                <label className="check">
                  <input
                    type={inputType}
                    name={`${id}-choice`}
                    value={o.id}
                    checked={selected.includes(o.id)}
                    disabled={!choiceEnabled(poll, selected, o.id)}
                    onChange={() => setSelected((s) => toggleChoice(poll, s, o.id))}
                  />
                  <span>{o.label}</span>
                </label>
                {o.scenarioId && (
                  <span className="poll__scenario">
                    <small className="muted">{t('polls.scenario', { name: sname ?? o.scenarioId })}</small>
                    {onShowScenario && sname !== null && (
                      <button
                        type="button"
                        className="btn btn--small btn--link"
                        aria-label={t('polls.showScenarioOf', { name: sname })}
                        onClick={() => onShowScenario(o.scenarioId!)}
                      >
                        {t('polls.showScenario')}
                      </button>
                    )}
                  </span>
                )}
              </div>
            );
          })}
          {poll.kind === 'multiple' && canVote && (
            <p className="muted poll__count" aria-live="polite">
              <small>{t('polls.chosen', { count: selected.length, max: poll.maxChoices })}</small>
            </p>
          )}
        </fieldset>
        {canVote && (
          <div className="form__actions">
            <button type="submit" className="btn btn--primary" disabled={busy || selected.length === 0 || !changed}>
              {poll.myBallot ? t('polls.changeVote') : t('polls.vote')}
            </button>
            {poll.myBallot && (
              <button type="button" className="btn" disabled={busy} onClick={withdraw}>
                {t('polls.withdraw')}
              </button>
            )}
          </div>
        )}
      </form>

      <div role="status" className="poll__status">
        {notice === 'saved' && <p className="poll__saved">{t('polls.saved')}</p>}
        {notice === 'withdrawn' && <p>{t('polls.withdrawn')}</p>}
      </div>
      <ErrorText error={error} />
      {!canVote && state === 'open' && <p className="muted">{signedIn ? t('polls.cannotVote') : t('polls.signInToVote')}</p>}
      {state === 'upcoming' && <p className="muted">{t('polls.notOpenYet', { time: formatDateTime(poll.opensAt, lng) })}</p>}
      {poll.myBallot && state !== 'open' && <p className="muted">{t('polls.yourVote')}</p>}

      {poll.results ? (
        <>
          <PollResultsView options={poll.options} results={poll.results} headingId={`${id}-r`} />
          <a className="btn btn--small" href={pollExportUrl(poll.id, 'csv')} download>
            {t('polls.export')}
          </a>
        </>
      ) : (
        <p className="poll__hidden muted" data-testid="poll-results-hidden">
          {reason === 'after_vote'
            ? t('polls.hidden.after_vote')
            : t('polls.hidden.after_close', { time: formatDateTime(poll.closesAt, lng) })}
        </p>
      )}
    </article>
  );
}
