/**
 * A poll's results as bars in the poll's option order: per option the label, the count and the share of ballots
 * (percent, Dutch or English number style), and the number of ballots; "final" once closed. Rendered only when the
 * server sent `results` (the results gate); otherwise PollCard shows when they become visible instead.
 */
import { useTranslation } from 'react-i18next';
import type { PollOption, PollResults } from '../../../../shared/index.js';
import { formatNumber } from '../../i18n/format.js';
import { percentDigits, resultRows } from './pollLogic.js';

export function PollResultsView({ options, results, headingId }: { options: PollOption[]; results: PollResults; headingId: string }) {
  const { t, i18n } = useTranslation();
  const rows = resultRows(options, results);
  return (
    <section className="poll-results" aria-labelledby={headingId} data-testid="poll-results">
      <h5 id={headingId}>{results.final ? t('polls.finalResults') : t('polls.liveResults')}</h5>
      <ul className="poll-results__list">
        {rows.map((r) => {
          const percent = formatNumber(r.percent, i18n.language, percentDigits(r.percent));
          const votes = t('polls.votes', { count: r.count });
          return (
            <li key={r.option.id} className="poll-results__row" data-option-id={r.option.id} data-count={r.count}>
              <div className="poll-results__label">
                <span>{r.option.label}</span>
                <span className="poll-results__numbers">
                  {votes} · {percent}%
                </span>
              </div>
              <div
                className="poll-results__bar"
                role="meter"
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={Math.round(r.percent)}
                aria-label={t('polls.bar', { label: r.option.label, votes, percent })}
              >
                <span style={{ width: `${Math.min(100, r.percent)}%` }} />
              </div>
            </li>
          );
        })}
      </ul>
      <p className="muted poll-results__ballots">{t('polls.ballots', { count: results.ballots })}</p>
    </section>
  );
}
