/**
 * The account tab: who is signed in (and log out), "Mijn gegevens" (export, delete the account; MyDataSection), or
 * the log-in / registration forms (after deleting the account with a note that it is gone).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorText } from '../../ui/ErrorText.js';
import { LoginForm, RegisterForm } from './AuthForms.js';
import { MyDataSection } from './MyDataSection.js';
import { useSession } from './session.js';

export function AccountPanel() {
  const { t } = useTranslation();
  const { me, loading, logout } = useSession();
  const [mode, setMode] = useState<'login' | 'register'>('login');
  const [error, setError] = useState<unknown>(null);
  const [deleted, setDeleted] = useState(false);

  if (loading) return <p className="muted">{t('account.busy')}</p>;

  if (me) {
    return (
      <div className="account">
        <p className="account__who">{t('account.signedInAs', { name: me.displayName })}</p>
        <dl className="attrs">
          <dt>{t('account.emailLabel')}</dt>
          <dd>{me.email}</dd>
          <dt>{t('account.roleLabel')}</dt>
          <dd>{t(`roles.${me.role}`)}</dd>
        </dl>
        <ErrorText error={error} />
        <button
          type="button"
          className="btn"
          onClick={() => {
            setError(null);
            logout().catch(setError);
          }}
        >
          {t('account.logout')}
        </button>
        <MyDataSection onDeleted={() => setDeleted(true)} />
      </div>
    );
  }

  return (
    <div className="account">
      {deleted && (
        <p role="status" className="account__deleted" data-testid="account-deleted">
          {t('resident.myData.deleted')}
        </p>
      )}
      <p className="muted">{t('account.why')}</p>
      {mode === 'login' ? <LoginForm onSwitch={() => setMode('register')} /> : <RegisterForm onSwitch={() => setMode('login')} />}
    </div>
  );
}
