/**
 * The name shown for an author on the wire (shared Author): its display name, or the "removed participant" text
 * (i18n `author.removed`) when the account was deleted (`id` null; issue 6). Used by threads, posts, sketches,
 * sketch versions, notifications and models.
 */
import type { TFunction } from 'i18next';

export function authorName(t: TFunction, a: { id: string | null; displayName: string }): string {
  return a.id === null ? t('author.removed') : a.displayName;
}
