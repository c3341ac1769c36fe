/**
 * Moderation settings (Instellingen), read-only: the report threshold, what happens to contributions when an
 * account is deleted, and the precision of public positions (GET /moderation/settings; set by the server's
 * environment: REPORT_THRESHOLD, ACCOUNT_DELETION, PUBLIC_POSITION_PRECISION_M).
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModerationSettings } from '../../../../shared/index.js';
import { getModerationSettings } from '../../api/moderation.js';
import { formatNumber } from '../../i18n/format.js';
import { ErrorText } from '../../ui/ErrorText.js';

export function SettingsPanel({ active }: { active: boolean }) {
  const { t, i18n } = useTranslation();
  const [settings, setSettings] = useState<ModerationSettings | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!active) return undefined;
    let live = true;
    getModerationSettings()
      .then((s) => {
        if (!live) return;
        setSettings(s);
        setError(null);
      })
      .catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
  }, [active]);

  const p = settings?.publicPositionPrecisionM ?? 0;
  return (
    <section className="mod-section" data-testid="moderation-settings" aria-label={t('moderation.sections.settings')}>
      <ErrorText error={error} />
      {settings && (
        <dl className="mod-settings">
          <div>
            <dt>{t('moderation.settings.threshold')}</dt>
            <dd data-testid="setting-threshold">{settings.reportThreshold}</dd>
          </div>
          <div>
            <dt>{t('moderation.settings.deletion')}</dt>
            <dd>{t(`moderation.settings.deletionModes.${settings.accountDeletion}`)}</dd>
          </div>
          <div>
            <dt>{t('moderation.settings.precision')}</dt>
            <dd>{t('moderation.settings.metres', { value: formatNumber(p, i18n.language, Number.isInteger(p) ? 0 : 2) })}</dd>
          </div>
        </dl>
      )}
      <p className="muted">{t('moderation.settings.readOnly')}</p>
    </section>
  );
}
