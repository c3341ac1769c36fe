/**
 * What a comment card shows for moderated content (issue 6): a placeholder line for a hidden or removed top-level
 * comment that still has replies, and the removed-participant name for an author whose account was deleted
 * (`author.id` null). Pure: takes the translate function, returns plain strings (rendered as text nodes).
 */
import type { TFunction } from 'i18next';
import type { Comment } from '../../../../shared/index.js';
import { formatDateTime } from '../../i18n/format.js';

type T = TFunction;

/** "Verborgen door een moderator op {date}" / "Verwijderd door …" for a placeholder; null for an ordinary comment. */
export function placeholderText(c: Comment, t: T, lng: string): string | null {
  if (!c.moderated) return null;
  const date = formatDateTime(c.moderated.at, lng);
  return c.moderated.state === 'removed' ? t('comments.placeholder.removed', { date }) : t('comments.placeholder.hidden', { date });
}

/** The author's name as shown: the i18n "removed participant" when the account is gone (id null). */
export function authorName(c: Comment, t: T): string {
  return c.author.id === null ? t('author.removed') : c.author.displayName;
}
