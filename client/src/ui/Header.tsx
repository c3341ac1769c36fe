/** The side panel's header: name, tagline, who is signed in, language switch, live status. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRealtime } from '../api/RealtimeContext.js';
import type { RealtimeStatus } from '../api/socket.js';
import { useSession } from '../features/account/session.js';
import { NotificationBell } from '../features/threads/NotificationBell.js';
import { LANGUAGES, setLanguage } from '../i18n/index.js';

export function Header() {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const realtime = useRealtime();
  const [status, setStatus] = useState<RealtimeStatus>(realtime.status);
  useEffect(() => realtime.onStatus(setStatus), [realtime]);
  // One line; a long display name ends in "…" (styles.css .header__who), the title shows it whole.
  const who = me ? t('account.signedInAs', { name: me.displayName }) : t('account.signedOut');

  return (
    <header className="header">
      <div className="header__brand">
        <h1>{t('app.title')}</h1>
        <p className="header__tagline">{t('app.tagline')}</p>
      </div>
      <div className="header__side">
        <div role="group" aria-label={t('language.label')} className="lang">
          {LANGUAGES.map((l) => (
            <button
              key={l}
              type="button"
              lang={l}
              className="lang__btn"
              aria-pressed={i18n.language === l}
              aria-label={t(`language.${l}`)}
              title={t(`language.${l}`)}
              onClick={() => setLanguage(l)}
            >
              {l.toUpperCase()}
            </button>
          ))}
        </div>
        <NotificationBell userId={me?.id ?? null} />
        <p className="header__who" data-testid="who" title={who}>
          {who}
        </p>
      </div>
      {status === 'offline' && (
        <p className="header__offline" role="status">
          {t('realtime.offline')}
        </p>
      )}
    </header>
  );
}
