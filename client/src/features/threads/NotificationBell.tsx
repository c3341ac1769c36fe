/**
 * The notification bell in the header (issue 5): the unread count (GET /notifications `unreadCount`), live
 * `notification:created` events (api/threadSocket.ts) add to it, a disclosure panel lists the notifications
 * (reply / answer / status change: actor, thread title, never post text) with "read" (POST
 * /notifications/:id/read) and a link that opens the thread (`?thread=<id>`). `moderation` notices (issue 6: a
 * moderator hid, restored, removed, redacted or held the receiver's content, with the reason; thread may be null)
 * name the actor "Moderator". Escape closes the panel.
 * Renders nothing when signed out.
 */
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Notification } from '../../../../shared/index.js';
import { useRealtime } from '../../api/RealtimeContext.js';
import { listNotifications, markNotificationRead } from '../../api/threads.js';
import { followNotifications } from '../../api/threadSocket.js';
import { ErrorText } from '../../ui/ErrorText.js';
import { authorName } from './authorName.js';
import './threads.css';

const NOTICE_KINDS = ['comment', 'reply', 'thread', 'post', 'sketch', 'model'] as const;
const NOTICE_ACTIONS = ['hide', 'hidden', 'auto_hide', 'restore', 'restored', 'remove', 'removed', 'redact', 'redacted', 'hold', 'held'] as const;

/** `value` when it is one of `known`, else 'other' (a newer server may send kinds or actions this client does not know). */
function word<T extends string>(known: readonly T[], value: string | undefined): T | 'other' {
  return value !== undefined && (known as readonly string[]).includes(value) ? (value as T) : 'other';
}

export function NotificationBell({ userId }: { userId: string | null }) {
  const { t } = useTranslation();
  const id = useId();
  const realtime = useRealtime();
  const [items, setItems] = useState<Notification[]>([]);
  const [unread, setUnread] = useState(0);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const button = useRef<HTMLButtonElement>(null);

  const load = useCallback(async () => {
    try {
      const r = await listNotifications();
      setItems(r.notifications);
      setUnread(r.unreadCount);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, []);

  useEffect(() => {
    setItems([]);
    setUnread(0);
    if (!userId) return undefined;
    void load();
    return followNotifications(realtime, {
      created: (n) => {
        setItems((list) => {
          if (list.some((x) => x.id === n.id)) return list;
          if (!n.readAt) setUnread((u) => u + 1);
          return [n, ...list];
        });
      },
      resync: () => void load(),
    });
  }, [realtime, userId, load]);

  if (!userId) return null;

  async function markRead(n: Notification) {
    try {
      const r = await markNotificationRead(n.id);
      setItems((list) => list.map((x) => (x.id === n.id ? r : x)));
      if (!n.readAt) setUnread((u) => Math.max(0, u - 1));
    } catch (e) {
      setError(e);
    }
  }

  const text = (n: Notification): string => {
    if (n.kind === 'moderation') {
      // A moderator acted on the receiver's own content: the actor is shown as "Moderator", never by name.
      const m = n.moderation;
      const vars = {
        contentKind: t(`resident.notice.kind.${word(NOTICE_KINDS, m?.contentKind)}`),
        action: t(`resident.notice.action.${word(NOTICE_ACTIONS, m?.action)}`),
        reason: m?.reason ?? '',
        name: t('resident.notice.moderator'),
      };
      // Held by the system (reports reached the threshold, or personal data posted anyway): waiting for review.
      if (m?.action === 'held' || m?.action === 'hold') return t('resident.notice.held', vars);
      return m?.reason ? t('notifications.kind.moderation', vars) : t('resident.notice.textNoReason', vars);
    }
    return t(`notifications.kind.${n.kind}`, {
      name: authorName(t, n.actor),
      title: n.threadTitle ?? '',
      status: n.status ? t(`cocreate.status.${n.status}`) : '',
    });
  };

  return (
    <div
      className="notif"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          setOpen(false);
          button.current?.focus();
        }
      }}
    >
      <button
        ref={button}
        type="button"
        className="btn btn--small"
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        aria-label={t('notifications.button', { count: unread })}
        data-testid="notification-bell"
        onClick={() => setOpen((o) => !o)}
      >
        <span aria-hidden="true">🔔</span>
        <span className="notif__count" data-testid="notification-count" aria-hidden="true">
          {unread}
        </span>
      </button>
      {open && (
        <div className="notif__panel" id={`${id}-panel`} role="region" aria-label={t('notifications.label')}>
          <ErrorText error={error} />
          {items.length === 0 ? (
            <p className="muted">{t('notifications.empty')}</p>
          ) : (
            <ul className="notif__list" data-testid="notification-list">
              {items.map((n) => (
                <li key={n.id} className={n.readAt ? 'notif__item' : 'notif__item notif__item--unread'}>
                  {n.threadId ? <a href={`?thread=${encodeURIComponent(n.threadId)}`}>{text(n)}</a> : <span>{text(n)}</span>}
                  {!n.readAt && (
                    <button type="button" className="btn btn--small" onClick={() => void markRead(n)}>
                      {t('notifications.markRead')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
