/**
 * The audit log (Logboek; admins only, the server answers `forbidden` to everyone else): who, what, when, why,
 * before and after, newest first, "meer laden" for older entries. Read again whenever the section is opened.
 * `before` / `after` are shown as formatted JSON in <pre> text nodes.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../../../shared/index.js';
import { listAudit } from '../../api/moderation.js';
import { formatDateTime } from '../../i18n/format.js';
import { ErrorText } from '../../ui/ErrorText.js';
import { authorName } from './labels.js';
import { jsonText } from './logic.js';

export function AuditPanel({ active }: { active: boolean }) {
  const { t, i18n } = useTranslation();
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const seq = useRef(0);

  const load = useCallback(async (cursor: string | null) => {
    const my = cursor === null ? ++seq.current : seq.current;
    setLoading(true);
    setError(null);
    try {
      const page = await listAudit(cursor);
      if (my !== seq.current) return;
      setEntries((list) => {
        if (cursor === null) return page.entries;
        const seen = new Set(list.map((e) => e.id));
        return [...list, ...page.entries.filter((e) => !seen.has(e.id))];
      });
      setNext(page.nextCursor);
      setLoaded(true);
    } catch (e) {
      if (my === seq.current) setError(e);
    } finally {
      if (my === seq.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    if (active) void load(null);
  }, [active, load]);

  return (
    <section className="mod-section" data-testid="moderation-audit" aria-label={t('moderation.sections.audit')} aria-busy={loading}>
      <ErrorText error={error} />
      {loaded && entries.length === 0 && <p className="muted">{t('moderation.audit.empty')}</p>}
      <ol className="mod-list" data-testid="audit-entries">
        {entries.map((e) => (
          <li key={e.id} className="mod-audit" data-testid="audit-entry" data-action={e.action}>
            <dl>
              <div>
                <dt>{t('moderation.audit.when')}</dt>
                <dd>
                  <time dateTime={e.at}>{formatDateTime(e.at, i18n.language)}</time>
                </dd>
              </div>
              <div>
                <dt>{t('moderation.audit.who')}</dt>
                <dd>{authorName(t, e.actor)}</dd>
              </div>
              <div>
                <dt>{t('moderation.audit.what')}</dt>
                <dd>
                  <code>{e.action}</code>
                </dd>
              </div>
              <div>
                <dt>{t('moderation.audit.target')}</dt>
                <dd>
                  {e.targetKind} <code>{e.targetId}</code>
                </dd>
              </div>
              <div>
                <dt>{t('moderation.audit.why')}</dt>
                <dd className="mod-text" data-testid="audit-reason">
                  {e.reason ?? t('moderation.audit.noReason')}
                </dd>
              </div>
              <div>
                <dt>{t('moderation.audit.before')}</dt>
                <dd>
                  <pre className="mod-json">{jsonText(e.before)}</pre>
                </dd>
              </div>
              <div>
                <dt>{t('moderation.audit.after')}</dt>
                <dd>
                  <pre className="mod-json">{jsonText(e.after)}</pre>
                </dd>
              </div>
            </dl>
          </li>
        ))}
      </ol>
      {next && (
        <button type="button" className="btn btn--block" disabled={loading} onClick={() => void load(next)}>
          {t('moderation.audit.more')}
        </button>
      )}
    </section>
  );
}
