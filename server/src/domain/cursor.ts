/**
 * Opaque keyset cursors: base64url of `[createdAt, id]` of the last item of a page. Clients pass them back
 * unchanged; anything else is answered `validation_failed` on `cursor`.
 */
import { ErrorCode } from '../../../shared/index.js';
import type { Keyset } from '../store/comments.js';
import { DomainError } from './errors.js';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function encodeCursor(k: Keyset): string {
  return Buffer.from(JSON.stringify([k.createdAt, k.id]), 'utf8').toString('base64url');
}

/** @throws DomainError validation_failed when the cursor was not made by encodeCursor. */
export function decodeCursor(cursor: string | undefined): Keyset | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && ISO.test(v[0]) && typeof v[1] === 'string' && v[1].length <= 64) {
      return { createdAt: v[0], id: v[1] };
    }
  } catch {
    // fall through
  }
  throw new DomainError(ErrorCode.validation, 'The cursor is not valid; use nextCursor of the previous page.', [
    { path: 'cursor', message: 'invalid cursor' },
  ]);
}
