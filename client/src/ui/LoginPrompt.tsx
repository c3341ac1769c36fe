/** Shown where posting needs an account: a short text and a button to the account tab. */
import { useTranslation } from 'react-i18next';

export function LoginPrompt({ onLogin, text }: { onLogin: () => void; /** Defaults to "log in to place a comment". */ text?: string }) {
  const { t } = useTranslation();
  return (
    <div className="login-prompt">
      <p>{text ?? t('comments.loginToPost')}</p>
      <button type="button" className="btn btn--primary" onClick={onLogin}>
        {t('comments.loginButton')}
      </button>
    </div>
  );
}
