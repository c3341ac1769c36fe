/**
 * "Mijn gegevens" in the account tab (issue 6, AVG/GDPR art. 15, 17, 20): download one's own data as JSON
 * (GET /api/v1/me/export) or GeoJSON (GET /api/v1/me/export.geojson), both attachments served with the session
 * cookie, and delete the account: an explanation of what happens to contributions (the city's setting decides:
 * anonymised as "Verwijderde deelnemer" or removed), the password as a second check → DELETE /api/v1/me. After a
 * 204 the session is gone: the app shows the signed-out state (sessionSignals `expired`), the socket reconnects
 * without the cookie, and `onDeleted` lets the panel say so.
 */
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRealtime } from '../../api/RealtimeContext.js';
import { sessionSignals } from '../../api/errors.js';
import { EXPORT_GEOJSON_URL, EXPORT_JSON_URL, deleteAccount } from '../../api/privacy.js';
import { ErrorText } from '../../ui/ErrorText.js';
import { useSubmit } from '../../ui/useSubmit.js';

export function MyDataSection({ onDeleted }: { onDeleted(): void }) {
  const { t } = useTranslation();
  const id = useId();
  const realtime = useRealtime();
  const [asking, setAsking] = useState(false);
  const [password, setPassword] = useState('');
  const passwordRef = useRef<HTMLInputElement>(null);

  const del = useSubmit(
    async () => {
      await deleteAccount(password);
      setPassword('');
      onDeleted();
      sessionSignals.dispatchEvent(new Event('expired'));
      realtime.reconnect();
    },
    () => password !== '',
  );

  return (
    <section className="my-data" aria-labelledby={`${id}-title`} data-testid="my-data">
      <h3 id={`${id}-title`}>{t('resident.myData.title')}</h3>
      <p className="muted">{t('resident.myData.intro')}</p>
      <ul className="my-data__downloads">
        <li>
          <a href={EXPORT_JSON_URL} download data-testid="export-json">
            {t('resident.myData.json')}
          </a>
        </li>
        <li>
          <a href={EXPORT_GEOJSON_URL} download data-testid="export-geojson">
            {t('resident.myData.geojson')}
          </a>
        </li>
      </ul>
      <h4 id={`${id}-delete`}>{t('resident.myData.deleteTitle')}</h4>
      <p>{t('resident.myData.deleteExplain')}</p>
      {!asking ? (
        <button
          type="button"
          className="btn"
          onClick={() => {
            setAsking(true);
            // Focus the password field once it is there.
            queueMicrotask(() => passwordRef.current?.focus());
          }}
        >
          {t('resident.myData.deleteOpen')}
        </button>
      ) : (
        <form className="form" onSubmit={del.submit} aria-labelledby={`${id}-delete`}>
          <label className="field" htmlFor={`${id}-password`}>
            {t('resident.myData.password')}
            <input
              id={`${id}-password`}
              ref={passwordRef}
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
          <ErrorText error={del.error} />
          <div className="form__actions">
            <button type="submit" className="btn btn--danger" disabled={del.busy || password === ''}>
              {del.busy ? t('resident.myData.deleting') : t('resident.myData.deleteConfirm')}
            </button>
            <button
              type="button"
              className="btn"
              disabled={del.busy}
              onClick={() => {
                setAsking(false);
                setPassword('');
              }}
            >
              {t('resident.myData.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
