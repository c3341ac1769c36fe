/**
 * "Peilingen in beeld": the polls in the current view (GET /polls?bbox=<viewer.viewBBox()>, again whenever the
 * camera stops, viewer.onViewChanged): spot polls and polls of plans whose area is in view, each as a PollCard
 * (vote, results, live counts; usePolls with a bbox scope). New spot polls in view appear live (`poll:created`).
 * Planners and admins (session role) get a "new poll" form for a poll at a spot without a plan: at the selected
 * building, or at the centre of the view (pollScope.ts spotPosition), read when the form is sent.
 */
import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BBox } from '../../../../shared/index.js';
import { ErrorText } from '../../ui/ErrorText.js';
import type { BuildingPick, CityViewer } from '../../viewer/types.js';
import { useSession } from '../account/session.js';
import { PollCard } from './PollCard.js';
import { PollForm } from './PollForm.js';
import { spotPosition, type SpotSource } from './pollScope.js';
import { usePolls } from './usePlanPolls.js';
import './polls.css';

interface Props {
  viewer: CityViewer;
  /** The building selected in 3D, if any (a place for a new spot poll). */
  building: BuildingPick | null;
}

export function PollsInView({ viewer, building }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const { me } = useSession();
  const meId = me?.id ?? null;
  const [bbox, setBBox] = useState<BBox | null>(() => viewer.viewBBox());
  useEffect(() => viewer.onViewChanged(setBBox), [viewer]);
  const p = usePolls(useMemo(() => ({ bbox }), [bbox]), meId);
  const mayCreate = me?.role === 'planner' || me?.role === 'admin';
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState(false);
  const [source, setSource] = useState<SpotSource>('centre');
  const where: SpotSource = source === 'building' && building ? 'building' : 'centre';

  const attachmentField = (
    <fieldset className="poll-form__where">
      <legend>{t('polls.inView.where')}</legend>
      <label className="check">
        <input type="radio" name={`${id}-where`} checked={where === 'building'} disabled={!building} onChange={() => setSource('building')} />
        <span>{building ? t('polls.inView.atBuilding') : t('polls.inView.atBuildingNone')}</span>
      </label>
      <label className="check">
        <input type="radio" name={`${id}-where`} checked={where === 'centre'} onChange={() => setSource('centre')} />
        <span>{t('polls.inView.atCentre')}</span>
      </label>
    </fieldset>
  );

  return (
    <section className="polls polls--in-view" aria-labelledby={`${id}-h`}>
      <div className="polls__head">
        <h3 id={`${id}-h`}>{t('polls.inView.title')}</h3>
        {mayCreate && !creating && (
          <button type="button" className="btn btn--small" onClick={() => (setCreating(true), setCreated(false))}>
            {t('polls.form.open')}
          </button>
        )}
      </div>
      {mayCreate && creating && (
        <PollForm
          scenarios={[]}
          attachmentField={attachmentField}
          attachment={() => {
            const c = where === 'centre' ? viewer.pickCentre() : null;
            const position = spotPosition(where, building, c && 'position' in c ? c.position : null, viewer.viewBBox());
            if (!position) throw new Error(t('polls.inView.noView'));
            return { position };
          }}
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
      {p.status === 'idle' && p.polls.length === 0 && <p className="muted">{bbox ? t('polls.inView.none') : t('polls.inView.noView')}</p>}
      {p.polls.map((poll) => (
        <PollCard key={poll.id} poll={poll} now={p.now} signedIn={meId !== null} scenarios={[]} onPoll={p.gotPoll} onReload={p.reload} />
      ))}
    </section>
  );
}
