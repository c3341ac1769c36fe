/** Log-in and registration forms (labels, autocomplete hints, errors by code). */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '../../../../shared/index.js';
import { ErrorText } from '../../ui/ErrorText.js';
import { useSubmit } from '../../ui/useSubmit.js';
import { useSession } from './session.js';

export function LoginForm({ onSwitch }: { onSwitch: () => void }) {
  const { t } = useTranslation();
  const session = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, submit } = useSubmit(() => session.login({ email, password }));

  return (
    <form className="form" onSubmit={submit} aria-labelledby="login-title">
      <h3 id="login-title">{t('account.loginTitle')}</h3>
      <label className="field">
        <span>{t('account.email')}</span>
        <input type="email" name="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>
      <label className="field">
        <span>{t('account.password')}</span>
        <input type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      <ErrorText error={error} />
      <div className="form__actions">
        <button type="submit" className="btn btn--primary" disabled={busy}>
          {busy ? t('account.busy') : t('account.login')}
        </button>
      </div>
      <p className="form__switch">
        {t('account.noAccount')}{' '}
        <button type="button" className="btn btn--link" onClick={onSwitch}>
          {t('account.register')}
        </button>
      </p>
    </form>
  );
}

export function RegisterForm({ onSwitch }: { onSwitch: () => void }) {
  const { t } = useTranslation();
  const session = useSession();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, submit } = useSubmit(() => session.register({ email, password, displayName }));

  return (
    <form className="form" onSubmit={submit} aria-labelledby="register-title">
      <h3 id="register-title">{t('account.registerTitle')}</h3>
      <label className="field">
        <span>{t('account.email')}</span>
        <input type="email" name="email" autoComplete="email" required maxLength={LIMITS.email.max} value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>
      <label className="field">
        <span>{t('account.displayName')}</span>
        <input
          type="text"
          name="displayName"
          autoComplete="nickname"
          required
          maxLength={LIMITS.displayName.max * 2}
          value={displayName}
          aria-describedby="register-name-hint"
          onChange={(e) => setDisplayName(e.target.value)}
        />
        <small id="register-name-hint">{t('account.displayNameHint')}</small>
      </label>
      <label className="field">
        <span>{t('account.password')}</span>
        <input
          type="password"
          name="password"
          autoComplete="new-password"
          required
          minLength={LIMITS.password.min}
          maxLength={LIMITS.password.max}
          value={password}
          aria-describedby="register-password-hint"
          onChange={(e) => setPassword(e.target.value)}
        />
        <small id="register-password-hint">{t('account.passwordHint')}</small>
      </label>
      <ErrorText error={error} />
      <div className="form__actions">
        <button type="submit" className="btn btn--primary" disabled={busy}>
          {busy ? t('account.busy') : t('account.register')}
        </button>
      </div>
      <p className="form__switch">
        {t('account.haveAccount')}{' '}
        <button type="button" className="btn btn--link" onClick={onSwitch}>
          {t('account.login')}
        </button>
      </p>
    </form>
  );
}
