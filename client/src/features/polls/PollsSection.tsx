/**
 * The polls of a plan on the plan page: each poll as a PollCard (vote, results, live counts through
 * usePlanPolls), and for the plan's planners (`plan.can.edit`) a "new poll" button that opens PollForm.
 * `onShowScenario` (optional) lets an option that stands for a scenario show it in the 3D view.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Plan, Scenario } from '../../../../shared/index.js';
import { useSession } from '../account/session.js';
import { ErrorText } from '../../ui/ErrorText.js';
import { PollCard } from './PollCard.js';
import { PollForm } from './PollForm.js';
import { usePlanPolls } from './usePlanPolls.js';
import './polls.css';

interface Props {
  plan: Plan;
  scenarios?: Scenario[];
  onShowScenario?: (scenarioId: string) => void;
}

export function PollsSection({ plan, scenarios = [], onShowScenario }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const { me } = useSession();
  const meId = me?.id ?? null;
  const p = usePlanPolls(plan.id, meId);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState(false);

  return (
    <section className="polls" aria-labelledby={`${id}-h`}>
      <div className="polls__head">
        <h3 id={`${id}-h`}>{t('polls.title')}</h3>
        {plan.can.edit && !creating && (
          <button type="button" className="btn btn--small" onClick={() => (setCreating(true), setCreated(false))}>
            {t('polls.form.open')}
          </button>
        )}
      </div>
      {plan.can.edit && creating && (
        <PollForm
          planId={plan.id}
          scenarios={scenarios}
          onCreated={(poll) => {
            p.gotPoll(poll);
            setCreating(false);
            setCreated(true);
          }}
          onCancel={() => setCreating(false)}
        />
      )}
      <div role="status">{created && <p className="muted">{t('polls.form.created')}</p>}</div>
      {p.status === 'error' && (
        <>
          <ErrorText error={p.error} />
          <button type="button" className="btn btn--small" onClick={p.reload}>
            {t('polls.retry')}
          </button>
        </>
      )}
      {p.status === 'loading' && p.polls.length === 0 && (
        <p className="muted" role="status">
          {t('polls.loading')}
        </p>
      )}
      {p.status === 'idle' && p.polls.length === 0 && <p className="muted">{t('polls.none')}</p>}
      {p.polls.map((poll) => (
        <PollCard
          key={poll.id}
          poll={poll}
          now={p.now}
          signedIn={meId !== null}
          scenarios={scenarios}
          onShowScenario={onShowScenario}
          onPoll={p.gotPoll}
          onReload={p.reload}
        />
      ))}
    </section>
  );
}
