/**
 * Labels of the moderator panel that depend on server values: names for authors (id null = a removed
 * participant), text fields, personal-data kinds and report reasons; an unknown value is shown as it is.
 */
import type { TFunction } from 'i18next';
import { moderationNl } from '../../i18n/moderation.nl.js';

/** The author's display name, or the "removed participant" text when the account is gone (id null). */
export function authorName(t: TFunction, a: { id: string | null; displayName: string } | null): string {
  if (!a) return t('moderation.system');
  return a.id === null ? t('moderation.removedParticipant') : a.displayName;
}

function known(group: Record<string, string>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(group, key);
}

/** `body` → "Tekst"; unknown keys as they are. */
export function fieldLabel(t: TFunction, key: string): string {
  return known(moderationNl.fields, key) ? t(`moderation.fields.${key as keyof typeof moderationNl.fields}`) : key;
}

/** `email` → "e-mailadres"; unknown kinds as they are. */
export function piiLabel(t: TFunction, kind: string): string {
  return known(moderationNl.piiKinds, kind) ? t(`moderation.piiKinds.${kind as keyof typeof moderationNl.piiKinds}`) : kind;
}

/** `off_topic` → "niet ter zake"; unknown reasons as they are. */
export function reportReasonLabel(t: TFunction, reason: string): string {
  return known(moderationNl.reportReasons, reason)
    ? t(`moderation.reportReasons.${reason as keyof typeof moderationNl.reportReasons}`)
    : reason;
}
