/**
 * Redaction of content (issue 6): a moderator cuts parts of one text field. The parts are widened to whole
 * characters (never half a surrogate pair), merged, checked against what the moderator saw (`expected`) and against
 * the field's maximum length, then replaced by REDACTED_MARK in the current text, every earlier version (adapters in
 * moderation-content.ts), the notes of reports on it and its moderation detail.
 */
import type { Kysely } from 'kysely';
import { codePointLength, ErrorCode, REDACTED_MARK, type ContentKind } from '../../../shared/index.js';
import type { Database } from '../store/schema.js';
import { DomainError } from './errors.js';
import { CONTENT, replaceAllOf, replaceInJson, type Part } from './moderation-content.js';

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/**
 * Applies [start, end) parts (UTF-16 indexes) to a text: each part is first checked against its `expected` text,
 * then widened outward so it never splits a surrogate pair, then overlapping or adjacent parts are merged and each
 * merged part is replaced by REDACTED_MARK.
 * @param max the field's maximum length in code points; a result longer than it (and longer than the text was) is
 *   refused.
 * @returns the new text, the removed substrings and the merged parts as applied.
 * @throws version_conflict (409) when a part's `expected` differs from the current text there (the text changed);
 *   validation_failed (400, path `parts`) when a part reaches past the end of the text; validation_failed (422,
 *   path `parts`) when the result would be longer than `max`.
 */
export function applyParts(text: string, parts: Part[], max = Infinity): { text: string; cut: string[]; parts: Part[] } {
  for (const p of parts) {
    if (p.expected !== undefined && text.slice(p.start, p.end) !== p.expected) {
      throw new DomainError(ErrorCode.versionConflict, 'The text changed since it was loaded: reload it and select the part again.');
    }
  }
  const snapped: Part[] = [];
  for (const p of parts) {
    if (p.end > text.length || p.start >= p.end) {
      throw new DomainError(ErrorCode.validation, 'A part to redact lies outside the text.', [
        { path: 'parts', message: `each part must lie within 0..${text.length}` },
      ]);
    }
    let { start, end } = p;
    if (start > 0 && isLow(text.charCodeAt(start)) && isHigh(text.charCodeAt(start - 1))) start -= 1;
    if (end < text.length && isHigh(text.charCodeAt(end - 1)) && isLow(text.charCodeAt(end))) end += 1;
    snapped.push({ start, end });
  }
  snapped.sort((a, b) => a.start - b.start);
  const merged: Part[] = [];
  for (const p of snapped) {
    const last = merged[merged.length - 1];
    if (last && p.start <= last.end) last.end = Math.max(last.end, p.end);
    else merged.push({ ...p });
  }
  let out = '';
  let at = 0;
  const cut: string[] = [];
  for (const p of merged) {
    out += text.slice(at, p.start) + REDACTED_MARK;
    cut.push(text.slice(p.start, p.end));
    at = p.end;
  }
  out += text.slice(at);
  const n = codePointLength(out);
  if (n > max && n > codePointLength(text)) {
    const message = `select a longer part: the result would be ${n} characters, at most ${max}`;
    throw new DomainError(ErrorCode.validation, `The redacted text would be too long: ${message}.`, [{ path: 'parts', message }], 422);
  }
  return { text: out, cut, parts: merged };
}

/**
 * Redacts parts of one text field of the content: in the current text, every earlier version (sketch versions,
 * plan history and file names of models), the notes of reports on it and its moderation detail (filter matches).
 * Parts are checked, widened and merged as `applyParts` says; nothing is written when it throws.
 * @returns the removed substrings (never to be logged) and the merged parts as applied (for the audit entry).
 * @throws validation_failed for a field the kind has not, parts outside the text (400) or a result longer than the
 *   field allows (422); version_conflict when an `expected` text differs; not_found when there is no such content.
 */
export async function redactContent(
  trx: Kysely<Database>,
  kind: ContentKind,
  id: string,
  field: string,
  parts: Part[],
): Promise<{ cut: string[]; parts: Part[] }> {
  const adapter = CONTENT[kind];
  if (!adapter.fields.includes(field)) {
    throw new DomainError(ErrorCode.validation, `A ${kind} has no field ${JSON.stringify(field)}.`, [
      { path: 'field', message: `one of ${adapter.fields.join(', ')}` },
    ]);
  }
  const item = await adapter.load(trx, id);
  if (!item) throw new DomainError(ErrorCode.notFound, `There is no ${kind} ${JSON.stringify(id)}.`);
  const { text, cut, parts: applied } = applyParts(item.fields[field] ?? '', parts, adapter.max[field]);
  await adapter.rewrite(trx, id, field, text, cut);
  const reports = await trx.selectFrom('reports').select(['id', 'note']).where('content_kind', '=', kind).where('content_id', '=', id).execute();
  for (const r of reports) {
    if (r.note === null) continue;
    const note = replaceAllOf(r.note, cut);
    if (note !== r.note) await trx.updateTable('reports').set({ note }).where('id', '=', r.id).execute();
  }
  const mi = await trx.selectFrom('moderation_items').select('detail').where('content_kind', '=', kind).where('content_id', '=', id).executeTakeFirst();
  if (mi?.detail) {
    const detail = replaceInJson(mi.detail, cut);
    if (detail !== mi.detail) {
      await trx.updateTable('moderation_items').set({ detail }).where('content_kind', '=', kind).where('content_id', '=', id).execute();
    }
  }
  return { cut, parts: applied };
}

