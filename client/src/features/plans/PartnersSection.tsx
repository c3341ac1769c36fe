/** Planner tools: the partners invited to the plan (GET), invite one by e-mail (POST), remove one (DELETE). */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlanPartner } from '../../../../shared/index.js';
import { invitePartner, listPartners, removePartner } from '../../api/plans.js';
import { formatDateTime } from '../../i18n/format.js';
import { ErrorText } from '../../ui/ErrorText.js';
import { useSubmit } from '../../ui/useSubmit.js';
import { FieldErrors, PlanError } from './PlanError.js';

export function PartnersSection({ planId }: { planId: string }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [partners, setPartners] = useState<PlanPartner[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [removeError, setRemoveError] = useState<unknown>(null);
  const [email, setEmail] = useState('');

  useEffect(() => {
    let live = true;
    listPartners(planId)
      .then((list) => live && setPartners(list))
      .catch((e: unknown) => live && setLoadError(e));
    return () => {
      live = false;
    };
  }, [planId]);

  const invite = useSubmit(
    async () => {
      const p = await invitePartner(planId, email);
      setPartners((list) => [...(list ?? []).filter((x) => x.user.id !== p.user.id), p]);
      setEmail('');
    },
    () => email.trim() !== '',
  );

  async function remove(userId: string) {
    setRemoveError(null);
    try {
      await removePartner(planId, userId);
      setPartners((list) => (list ?? []).filter((x) => x.user.id !== userId));
    } catch (e) {
      setRemoveError(e);
    }
  }

  return (
    <div className="partners">
      <ErrorText error={loadError} />
      {partners === null && !loadError && <p className="muted">{t('plans.loading')}</p>}
      {partners?.length === 0 && <p className="muted">{t('plans.partners.none')}</p>}
      {partners && partners.length > 0 && (
        <ul className="partners__list" aria-label={t('plans.partners.listLabel')}>
          {partners.map((p) => (
            <li key={p.user.id}>
              <span className="partners__name">{p.user.displayName}</span>{' '}
              <small className="muted">{t('plans.partners.invited', { date: formatDateTime(p.invitedAt, i18n.language), by: p.invitedBy.displayName })}</small>{' '}
              <button
                type="button"
                className="btn btn--small"
                aria-label={t('plans.partners.remove', { name: p.user.displayName })}
                onClick={() => p.user.id && void remove(p.user.id)}
              >
                {t('plans.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <ErrorText error={removeError} />
      <form className="form" onSubmit={invite.submit}>
        <label className="field" htmlFor={`${id}-email`}>
          <span>{t('plans.partners.email')}</span>
          <small>{t('plans.partners.emailHint')}</small>
          <input id={`${id}-email`} type="email" autoComplete="off" value={email} required onChange={(e) => setEmail(e.target.value)} />
        </label>
        <FieldErrors error={invite.error} path="email" />
        <PlanError error={invite.error} shown={['email']} />
        <div className="form__actions">
          <button type="submit" className="btn" disabled={invite.busy || email.trim() === ''}>
            {t('plans.partners.invite')}
          </button>
        </div>
      </form>
    </div>
  );
}
