/** The account tab: who is signed in (and log out), or the log-in / registration forms. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorText } from '../../ui/ErrorText.js';
import { LoginForm, RegisterForm } from './AuthForms.js';
import { useSession } from './session.js';

export function AccountPanel() {
  const { t } = useTranslation();
  const { me, loading, logout } = useSession();
  const [mode, setMode] = useState<'login' | 'register'>('login');
  const [error, setError] = useState<unknown>(null);

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
      </div>
    );
  }

  return (
    <div className="account">
      <p className="muted">{t('account.why')}</p>
      {mode === 'login' ? <LoginForm onSwitch={() => setMode('register')} /> : <RegisterForm onSwitch={() => setMode('login')} />}
    </div>
  );
}
