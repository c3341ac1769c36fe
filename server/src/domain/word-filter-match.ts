/**
 * Matching of moderator word filters against resident text. Pure: no database, no clock. The store keeps the
 * rules; this file says whether and where a text hits them. Matching takes time linear in the text (times the
 * pattern length): no filter a moderator can store can freeze the server (no backtracking regex engine runs
 * on resident text).
 *
 * Every text is first normalised by shared/textNormalise.ts (soft hyphens and zero-width characters dropped,
 * full-width and other compatibility forms NFKC-folded), so "k\u00adutzooi" is "kutzooi"; reported indexes
 * always refer to the original text.
 *
 * Plain words (word-filter-plain.ts, no regex at all) are matched case-insensitively, accent-insensitively
 * (é = e; NFD with marks \p{M} removed) and as whole words (runs of \p{L}\p{N}); `*` stands for any run of
 * letters inside a word (`idio*` hits "idioot" and "idioten"), whitespace for any run of whitespace.
 * Regexes are the moderator's own, in JavaScript syntax, run by RE2 (Google's linear-time engine, npm `re2`)
 * with flags `giu` on the normalised (not case- or accent-folded) text. RE2 has no backreferences (\1, \k<n>)
 * and no lookaround ((?=…), (?!…), (?<=…), (?<!…)): such patterns are refused when they are stored.
 *
 * Only the first MAX_MATCH_TEXT_LENGTH (20,000) UTF-16 code units of a text are matched; a filter word past
 * that point is not found. Longer texts are refused elsewhere anyway.
 */
import RE2 from 're2';
import { normaliseText, originalSpan } from '../../../shared/textNormalise.js';
import { compilePlainPattern, findPlain, plainMatchesEmpty, tokeniseText, type PlainPattern, type TextToken } from './word-filter-plain.js';

export type WordFilterAction = 'hold' | 'block' | 'flag';

export interface WordFilterRule {
  id: string;
  pattern: string;
  isRegex: boolean;
  action: WordFilterAction;
}

/** One hit. `start`/`end` are UTF-16 code unit indexes into the original text: `text.slice(start, end) === match`. */
export interface WordFilterMatch {
  filterId: string;
  action: WordFilterAction;
  pattern: string;
  start: number;
  end: number;
  match: string;
}

/** A pattern a moderator may not store; `message` says what is wrong with it. */
export class WordFilterPatternError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WordFilterPatternError';
  }
}

/** Longest pattern accepted, in UTF-16 code units. */
export const MAX_PATTERN_LENGTH = 200;
/** Only this many UTF-16 code units at the start of a text are matched. */
export const MAX_MATCH_TEXT_LENGTH = 20_000;

/** Texts on which a usable regex filter must not find an empty match. */
const EMPTY_MATCH_PROBES = ['', ' ', 'a', 'é', 'A1 b2, c3! xyz.\nQ'];

/**
 * A compiled filter, opaque to callers (pass it to nothing; matchWordFilters compiles and caches by itself).
 * `isRegex` and `pattern` are the rule's own.
 */
export type CompiledWordFilter =
  | { readonly isRegex: true; readonly pattern: string; readonly re: RE2 }
  | { readonly isRegex: false; readonly pattern: string; readonly plain: PlainPattern };

/**
 * Compiles one filter.
 * Plain (`isRegex` false): the trimmed pattern folded and tokenised (word-filter-plain.ts). Regex: `(?:pattern)`
 * compiled by RE2 with flags `giu`.
 * @throws WordFilterPatternError for an empty (or all-whitespace) pattern, a pattern longer than
 *   MAX_PATTERN_LENGTH, an invalid regex (with the JavaScript engine's reason), a regex RE2 cannot run
 *   (backreferences, lookahead/lookbehind, repetitions over 1000; with RE2's reason), or a filter that can
 *   match the empty string (such as `a*`, `\b`, `^` or a lone `*`).
 */
export function compileWordFilter(pattern: string, isRegex: boolean): CompiledWordFilter {
  if (pattern.trim() === '') throw new WordFilterPatternError('pattern is empty');
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw new WordFilterPatternError(
      `pattern is ${pattern.length} characters long; at most ${MAX_PATTERN_LENGTH} are allowed`,
    );
  }
  if (!isRegex) {
    const plain = compilePlainPattern(pattern.trim());
    if (plainMatchesEmpty(plain)) throw new WordFilterPatternError('pattern matches the empty string');
    return { isRegex: false, pattern, plain };
  }
  try {
    // Syntax check only (the JavaScript engine never runs it): its messages are the ones moderators know.
    new RegExp(`(?:${pattern})`, 'giu');
  } catch (e) {
    throw new WordFilterPatternError(`invalid regular expression: ${(e as Error).message}`);
  }
  let re: RE2;
  try {
    re = new RE2(`(?:${pattern})`, 'giu');
  } catch (e) {
    throw new WordFilterPatternError(
      'regular expression uses something the filter engine (RE2) does not support: backreferences such as \\1, ' +
        `lookahead or lookbehind such as (?=…) or (?<=…), or a repetition over 1000 (${(e as Error).message})`,
    );
  }
  for (const probe of EMPTY_MATCH_PROBES) {
    if (allMatches(re, probe).some(([start, end]) => start === end)) {
      throw new WordFilterPatternError('pattern matches the empty string');
    }
  }
  return { isRegex: true, pattern, re };
}

/**
 * Every match of `re` (global) in `s`, empty ones included, as [start, end) UTF-16 index pairs; after an empty
 * match the search goes on one code point further, as String.prototype.matchAll does with the u flag.
 */
function allMatches(re: RE2, s: string): [number, number][] {
  const out: [number, number][] = [];
  re.lastIndex = 0;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    out.push([m.index, m.index + m[0].length]);
    if (m[0] === '') {
      const c = s.codePointAt(m.index);
      re.lastIndex = m.index + (c !== undefined && c > 0xffff ? 2 : 1);
      if (re.lastIndex > s.length) break;
    }
  }
  return out;
}

/** Compiled rules by pattern, so a busy server does not recompile every filter for every text. */
const cache = new Map<string, CompiledWordFilter | null>();
const CACHE_SIZE = 1_000;

function compiledFor(rule: WordFilterRule): CompiledWordFilter | null {
  const key = `${rule.isRegex ? 'r' : 'p'}:${rule.pattern}`;
  let c = cache.get(key);
  if (c === undefined) {
    try {
      c = compileWordFilter(rule.pattern, rule.isRegex);
    } catch {
      c = null;
    }
    if (cache.size >= CACHE_SIZE) cache.clear();
    cache.set(key, c);
  }
  return c;
}

/**
 * All hits of `rules` in `text`, sorted by start (then longest first, then rule order). One rule can hit many
 * times; hits of different rules may overlap. Matching stops at MAX_MATCH_TEXT_LENGTH code units.
 * Rules whose pattern does not compile (compileWordFilter throws) are skipped: they cannot have been stored
 * through the validating path, and a broken rule must not stop residents from posting. Never throws.
 */
export function matchWordFilters(text: string, rules: WordFilterRule[]): WordFilterMatch[] {
  const original = text.length > MAX_MATCH_TEXT_LENGTH ? text.slice(0, MAX_MATCH_TEXT_LENGTH) : text;
  let tokens: TextToken[] | undefined;
  let normalised: ReturnType<typeof normaliseText> | undefined;
  const out: { m: WordFilterMatch; order: number }[] = [];
  rules.forEach((rule, order) => {
    const compiled = compiledFor(rule);
    if (compiled === null) return;
    const push = (start: number, end: number): void => {
      if (end <= start) return;
      const match = text.slice(start, end);
      out.push({ m: { filterId: rule.id, action: rule.action, pattern: rule.pattern, start, end, match }, order });
    };
    if (compiled.isRegex) {
      normalised ??= normaliseText(original);
      const n = normalised;
      for (const [s, e] of allMatches(compiled.re, n.text)) {
        if (e === s) continue;
        const span = originalSpan(n, s, e);
        push(span.start, span.end);
      }
    } else {
      tokens ??= tokeniseText(original);
      const t = tokens;
      for (const [s, e] of findPlain(compiled.plain, t)) push(t[s].start, t[e - 1].end);
    }
  });
  out.sort((a, b) => a.m.start - b.m.start || b.m.end - a.m.end || a.order - b.order);
  return out.map((x) => x.m);
}

const STRENGTH: Record<WordFilterAction, number> = { flag: 1, hold: 2, block: 3 };

/** The strongest action among `matches` (block > hold > flag), or null when there are none. */
export function strongestAction(matches: WordFilterMatch[]): WordFilterAction | null {
  let best: WordFilterAction | null = null;
  for (const m of matches) if (best === null || STRENGTH[m.action] > STRENGTH[best]) best = m.action;
  return best;
}
