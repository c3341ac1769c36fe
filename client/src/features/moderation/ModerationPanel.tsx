/**
 * The moderator's tab (Moderatie), for moderators and admins only (App.tsx shows the tab by role; the server
 * checks every request and socket event itself). Sections: Wachtrij (live queue), Gebruikers (sanctions),
 * Woordfilters (with the test box), Logboek (admins only: the audit log) and Instellingen (read-only).
 * Nothing is fetched or joined before the tab is first opened.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../../shared/index.js';
import type { CityViewer } from '../../viewer/types.js';
import { AuditPanel } from './AuditPanel.js';
import { FiltersPanel } from './FiltersPanel.js';
import { QueuePanel } from './QueuePanel.js';
import { SettingsPanel } from './SettingsPanel.js';
import { UsersPanel } from './UsersPanel.js';
import { useQueue } from './useQueue.js';
import './moderation.css';

type Section = 'queue' | 'users' | 'filters' | 'audit' | 'settings';

/** Whether a signed-in user gets the moderation tab. */
export function canModerate(me: Pick<Me, 'role'> | null): boolean {
  return me?.role === 'moderator' || me?.role === 'admin';
}

export function ModerationPanel({ me, viewer, active }: { me: Me; viewer: CityViewer; active: boolean }) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(active);
  useEffect(() => {
    if (active) setOpened(true);
  }, [active]);
  const isAdmin = me.role === 'admin';
  const sections: Section[] = isAdmin ? ['queue', 'users', 'filters', 'audit', 'settings'] : ['queue', 'users', 'filters', 'settings'];
  const [section, setSection] = useState<Section>('queue');
  const queue = useQueue(opened);
  if (!opened) return null;

  return (
    <div className="mod" data-testid="moderation-panel">
      <h2 className="mod__title">{t('moderation.title')}</h2>
      <nav className="mod__nav" aria-label={t('moderation.sections.label')}>
        {sections.map((s) => (
          <button
            key={s}
            type="button"
            className="mod__navbtn"
            aria-pressed={section === s}
            data-testid={`mod-section-${s}`}
            onClick={() => setSection(s)}
          >
            {t(`moderation.sections.${s}`)}
          </button>
        ))}
      </nav>
      <div hidden={section !== 'queue'}>
        <QueuePanel queue={queue} viewer={viewer} />
      </div>
      <div hidden={section !== 'users'}>
        <UsersPanel />
      </div>
      {section === 'filters' && <FiltersPanel />}
      {isAdmin && section === 'audit' && <AuditPanel active />}
      {section === 'settings' && <SettingsPanel active />}
    </div>
  );
}
