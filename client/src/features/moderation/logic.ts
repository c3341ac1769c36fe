/**
 * The pure rules of the moderator panel (no React, no network): item identity, which list an item belongs in,
 * which decisions a state offers, sanction periods, and JSON as text for the audit log.
 */
import type { ContentAction, ContentKind, QueueItem } from '../../../../shared/index.js';
import type { QueueStatus } from '../../api/moderation.js';

export type { QueueStatus };

export interface QueueFilter {
  status: QueueStatus;
  /** '' = every kind. */
  kind: ContentKind | '';
}

/** `kind:id`: the identity of a queue item. */
export const itemKey = (x: { kind: string; id: string }): string => `${x.kind}:${x.id}`;

/** Whether an item belongs in the list for `f` (pending: waiting for a decision; else by state). */
export function matchesFilter(item: Pick<QueueItem, 'kind' | 'state' | 'pending'>, f: QueueFilter): boolean {
  if (f.kind && item.kind !== f.kind) return false;
  switch (f.status) {
    case 'pending':
      return item.pending !== null;
    case 'all':
      return true;
    default:
      return item.state === f.status;
  }
}

export type SimpleAction = Exclude<ContentAction, 'redact'>;

/**
 * Which simple decisions an item in this state offers, in button order: visible → hide, (dismiss when it waits
 * for a decision), remove; held → restore, hide, remove; hidden → restore, remove; removed → none (final).
 */
export function actionsFor(item: Pick<QueueItem, 'state' | 'pending' | 'openReports'>): SimpleAction[] {
  switch (item.state) {
    case 'visible':
      return item.pending !== null || item.openReports > 0 ? ['hide', 'dismiss', 'remove'] : ['hide', 'remove'];
    case 'held':
      return ['restore', 'hide', 'remove'];
    case 'hidden':
      return ['restore', 'remove'];
    default:
      return [];
  }
}

/** Sanction periods in days (null: for good). */
export const PERIODS = { day1: 1, day7: 7, day30: 30, forever: null } as const;
export type Period = keyof typeof PERIODS;

/** The `until` instant for a period from `now` (UTC ISO-8601 with milliseconds), or null for good. */
export function untilFor(period: Period, now: Date = new Date()): string | null {
  const days = PERIODS[period];
  return days === null ? null : new Date(now.getTime() + days * 86_400_000).toISOString();
}

/** Any JSON value as indented text ('—' for null or undefined). */
export function jsonText(v: unknown): string {
  if (v === null || v === undefined) return '—';
  try {
    return JSON.stringify(v, null, 2) ?? String(v);
  } catch {
    return String(v);
  }
}

/** One redaction part as the client sends it: the [start, end) UTF-16 indexes and the text the moderator saw there. */
export function redactPart(text: string, start: number, end: number): { start: number; end: number; expected: string } {
  return { start, end, expected: text.slice(start, end) };
}

type RedactError = { code?: string; status?: number; errors?: readonly { path: string; message: string }[] };

/**
 * The message for a failed redaction, or null for the generic error text: 409 `version_conflict` (the text changed
 * since it was loaded) → `moderation.redact.changed`; 422 `validation_failed` (the result would be longer than the
 * field allows) → `moderation.redact.tooLong` with `n` and `max` read from the server's field message
 * ("… would be N characters, at most M"), or `moderation.redact.tooLongPlain` when it has no numbers.
 */
export function redactError(
  error: RedactError | null | undefined,
): { key: 'moderation.redact.changed' | 'moderation.redact.tooLong' | 'moderation.redact.tooLongPlain'; vars: Record<string, number> } | null {
  if (!error) return null;
  if (error.code === 'version_conflict') return { key: 'moderation.redact.changed', vars: {} };
  if (error.code !== 'validation_failed' || error.status !== 422) return null;
  const m = /(\d+) characters, at most (\d+)/.exec(error.errors?.map((e) => e.message).join(' ') ?? '');
  return m ? { key: 'moderation.redact.tooLong', vars: { n: Number(m[1]), max: Number(m[2]) } } : { key: 'moderation.redact.tooLongPlain', vars: {} };
}
