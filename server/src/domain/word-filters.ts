/**
 * Moderator word filters (issue 6): CRUD for moderators and admins, and the test box that shows what a text would
 * trigger. Patterns are checked with word-filter-match.ts `compileWordFilter` before they are stored (a bad regex
 * → 422 `validation_failed` with the engine's reason on `pattern`). Every change is in the audit log
 * (`filter_create`, `filter_update`, `filter_delete`; before/after = pattern, isRegex, action: filter patterns are
 * moderator text, not resident content). Screening of resident text on create: screening.ts.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  ErrorCode,
  FilterTestBody,
  WordFilterBody,
  type FilterTestResult,
  type Role,
  type WordFilter,
} from '../../../shared/index.js';
import { detectPersonalData } from '../../../shared/pii.js';
import type { Database } from '../store/schema.js';
import {
  deleteWordFilter,
  findWordFilter,
  insertWordFilter,
  listWordFilters,
  updateWordFilter,
  type WordFilterRow,
} from '../store/word-filters.js';
import { recordAction } from './audit.js';
import { DomainError, fieldErrorsFromIssues } from './errors.js';
import { compileWordFilter, matchWordFilters, strongestAction, WordFilterPatternError, type WordFilterRule } from './word-filter-match.js';
import type { ViewerUser } from './viewer.js';

const STAFF: readonly Role[] = ['moderator', 'admin'];

export function toWireWordFilter(r: WordFilterRow): WordFilter {
  return { id: r.id, pattern: r.pattern, isRegex: r.is_regex === 1, action: r.action, createdAt: r.created_at, updatedAt: r.updated_at };
}

/** The stored filters as matching rules (oldest first). */
export async function loadWordFilterRules(db: Kysely<Database>): Promise<WordFilterRule[]> {
  return (await listWordFilters(db)).map((r) => ({ id: r.id, pattern: r.pattern, isRegex: r.is_regex === 1, action: r.action }));
}

function assertStaff(actor: ViewerUser): void {
  if (!STAFF.includes(actor.role)) throw new DomainError(ErrorCode.forbidden, 'Only moderators and admins can do this.');
}

function parseFilter(input: unknown): { pattern: string; isRegex: boolean; action: WordFilter['action'] } {
  const r = WordFilterBody.safeParse(input);
  if (!r.success) throw new DomainError(ErrorCode.validation, 'The word filter is not valid.', fieldErrorsFromIssues(r.error.issues));
  try {
    compileWordFilter(r.data.pattern, r.data.isRegex);
  } catch (err) {
    if (err instanceof WordFilterPatternError) {
      throw new DomainError(ErrorCode.validation, `The word filter is not valid: ${err.message}.`, [{ path: 'pattern', message: err.message }]);
    }
    throw err;
  }
  return r.data;
}

const meta = (f: { pattern: string; isRegex: boolean; action: string }) => ({ pattern: f.pattern, isRegex: f.isRegex, action: f.action });

export class WordFilterService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Every filter, oldest first. @throws forbidden. */
  async list(actor: ViewerUser): Promise<WordFilter[]> {
    assertStaff(actor);
    return (await listWordFilters(this.db)).map(toWireWordFilter);
  }

  /** Adds a filter (WordFilterBody). @throws forbidden, validation_failed (shape, or a pattern that does not compile). */
  async create(actor: ViewerUser, input: unknown): Promise<WordFilter> {
    assertStaff(actor);
    const f = parseFilter(input);
    const at = this.now().toISOString();
    const row: WordFilterRow = { id: randomUUID(), pattern: f.pattern, is_regex: f.isRegex ? 1 : 0, action: f.action, created_by: actor.id, created_at: at, updated_at: at };
    await this.db.transaction().execute(async (trx) => {
      await insertWordFilter(trx, row);
      await recordAction(trx, { actorId: actor.id, action: 'filter_create', targetKind: 'word_filter', targetId: row.id, reason: null, before: null, after: meta(f), at });
    });
    return toWireWordFilter(row);
  }

  /** Replaces pattern, isRegex and action of a filter. @throws forbidden, not_found, validation_failed. */
  async update(actor: ViewerUser, id: string, input: unknown): Promise<WordFilter> {
    assertStaff(actor);
    const f = parseFilter(input);
    const at = this.now().toISOString();
    await this.db.transaction().execute(async (trx) => {
      const cur = await findWordFilter(trx, id);
      if (!cur) throw new DomainError(ErrorCode.notFound, `There is no word filter ${JSON.stringify(id)}.`);
      await updateWordFilter(trx, id, { pattern: f.pattern, is_regex: f.isRegex ? 1 : 0, action: f.action, updated_at: at });
      await recordAction(trx, {
        actorId: actor.id, action: 'filter_update', targetKind: 'word_filter', targetId: id, reason: null,
        before: meta(toWireWordFilter(cur)), after: meta(f), at,
      });
    });
    return toWireWordFilter((await findWordFilter(this.db, id))!);
  }

  /** Deletes a filter. @throws forbidden, not_found. */
  async remove(actor: ViewerUser, id: string): Promise<void> {
    assertStaff(actor);
    const at = this.now().toISOString();
    await this.db.transaction().execute(async (trx) => {
      const cur = await findWordFilter(trx, id);
      if (!cur || !(await deleteWordFilter(trx, id))) throw new DomainError(ErrorCode.notFound, `There is no word filter ${JSON.stringify(id)}.`);
      await recordAction(trx, { actorId: actor.id, action: 'filter_delete', targetKind: 'word_filter', targetId: id, reason: null, before: meta(toWireWordFilter(cur)), after: null, at });
    });
  }

  /**
   * The test box: what `text` would trigger (FilterTestBody `{text}`): the filter hits, the personal data found,
   * and the outcome a resident would get (block > hold > flag > publish; personal data alone → hold, as when
   * posted with `confirmPersonalData`). @throws forbidden, validation_failed.
   */
  async test(actor: ViewerUser, input: unknown): Promise<FilterTestResult> {
    assertStaff(actor);
    const r = FilterTestBody.safeParse(input);
    if (!r.success) throw new DomainError(ErrorCode.validation, 'The test text is not valid.', fieldErrorsFromIssues(r.error.issues));
    const matches = matchWordFilters(r.data.text, await loadWordFilterRules(this.db));
    const personalData = detectPersonalData(r.data.text).map((p) => ({ kind: p.kind, start: p.start, end: p.end, match: p.match }));
    const strongest = strongestAction(matches);
    const outcome = strongest === 'block' ? 'block' : strongest === 'hold' || personalData.length > 0 ? 'hold' : strongest === 'flag' ? 'flag' : 'publish';
    return {
      matches: matches.map((m) => ({ filterId: m.filterId, pattern: m.pattern, action: m.action, start: m.start, end: m.end, match: m.match })),
      personalData,
      outcome,
    };
  }
}
