/**
 * Users (Gebruikers): search by name or e-mail (GET /moderation/users?q=), each user's active sanctions with
 * "Opheffen" (DELETE; the reason comes from the card's one reason field), and a form to mute (can read, cannot post) or ban (cannot sign in) for 1, 7 or 30 days or
 * for good, with a reason. Moderators may not sanction moderators or admins: the server answers `forbidden`.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModeratedUser, SanctionKind } from '../../../../shared/index.js';
import { addSanction, liftSanction, searchUsers } from '../../api/moderation.js';
import { formatDateTime } from '../../i18n/format.js';
import { ErrorText } from '../../ui/ErrorText.js';
import { useSubmit } from '../../ui/useSubmit.js';
import { authorName } from './labels.js';
import { PERIODS, untilFor, type Period } from './logic.js';

export function UsersPanel() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [users, setUsers] = useState<ModeratedUser[] | null>(null);
  const [lastQ, setLastQ] = useState('');
  const search = useSubmit(async () => {
    setUsers(await searchUsers(q.trim()));
    setLastQ(q.trim());
  });
  const again = async () => setUsers(await searchUsers(lastQ));

  return (
    <section className="mod-section" data-testid="moderation-users" aria-label={t('moderation.sections.users')}>
      <form className="mod-filter" role="search" onSubmit={(e) => void search.submit(e)}>
        <label className="field">
          {t('moderation.users.search')}
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        </label>
        <button type="submit" className="btn btn--small" disabled={search.busy}>
          {t('moderation.users.searchButton')}
        </button>
      </form>
      <ErrorText error={search.error} />
      {users && users.length === 0 && <p className="muted">{t('moderation.users.none')}</p>}
      <ul className="mod-list">
        {users?.map((u) => (
          <li key={u.id}>
            <UserCard user={u} onChanged={again} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function UserCard({ user, onChanged }: { user: ModeratedUser; onChanged(): Promise<void> }) {
  const { t, i18n } = useTranslation();
  const [kind, setKind] = useState<SanctionKind>('mute');
  const [period, setPeriod] = useState<Period>('day7');
  const [reason, setReason] = useState('');
  const [liftError, setLiftError] = useState<unknown>(null);
  const [missingReason, setMissingReason] = useState(false);
  const reasonId = `mod-user-reason-${user.id}`;
  const apply = useSubmit(
    async () => {
      await addSanction(user.id, { kind, reason: reason.trim(), until: untilFor(period) });
      setReason('');
      await onChanged();
    },
    () => reason.trim() !== '',
  );

  async function lift(id: string) {
    setLiftError(null);
    setMissingReason(reason.trim() === '');
    if (reason.trim() === '') return;
    try {
      await liftSanction(user.id, id, reason.trim());
      setReason('');
      await onChanged();
    } catch (e) {
      setLiftError(e);
    }
  }

  return (
    <article className="mod-item" data-testid="moderated-user" data-user-id={user.id} aria-label={user.displayName}>
      <h3 className="mod-item__title">{user.displayName}</h3>
      <p className="muted">
        {user.email} · {t(`roles.${user.role}` as 'roles.resident')}
        {user.deleted && ` · ${t('moderation.users.deleted')}`}
      </p>
      <h4>{t('moderation.users.active')}</h4>
      {user.active.length === 0 ? (
        <p className="muted">{t('moderation.users.noSanctions')}</p>
      ) : (
        <ul data-testid="user-sanctions">
          {user.active.map((s) => (
            <li key={s.id}>
              {t('moderation.users.sanction', {
                kind: t(`moderation.users.sanctionKinds.${s.kind}`),
                until: s.until ? t('moderation.users.until', { time: formatDateTime(s.until, i18n.language) }) : t('moderation.users.forGood'),
                reason: s.reason,
                by: authorName(t, s.createdBy),
              })}{' '}
              <button type="button" className="btn btn--small" onClick={() => void lift(s.id)}>
                {t('moderation.users.lift')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {missingReason && (
        <p className="error-text" role="alert">
          {t('moderation.actions.reasonRequired')}
        </p>
      )}
      <ErrorText error={liftError} />
      <form className="form mod-sanction" onSubmit={(e: FormEvent) => void apply.submit(e)}>
        <fieldset className="mod-inline">
          <legend>{t('moderation.users.kind')}</legend>
          {(['mute', 'ban'] as const).map((k) => (
            <label key={k} title={t(`moderation.users.${k}Hint`)}>
              <input type="radio" name={`kind-${user.id}`} value={k} checked={kind === k} onChange={() => setKind(k)} /> {t(`moderation.users.${k}`)}
            </label>
          ))}
        </fieldset>
        <label className="field">
          {t('moderation.users.period')}
          <select value={period} onChange={(e) => setPeriod(e.target.value as Period)}>
            {(Object.keys(PERIODS) as Period[]).map((p) => (
              <option key={p} value={p}>
                {t(`moderation.users.periods.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field" htmlFor={reasonId}>
          {t('moderation.users.reason')}
          <input
            id={reasonId}
            value={reason}
            required
            onChange={(e) => {
              setReason(e.target.value);
              if (e.target.value.trim()) setMissingReason(false);
            }}
          />
        </label>
        <div className="form__actions">
          <button type="submit" className="btn btn--small" disabled={apply.busy || reason.trim() === ''}>
            {t(`moderation.users.${kind}`)}
          </button>
        </div>
        <ErrorText error={apply.error} />
      </form>
    </article>
  );
}
