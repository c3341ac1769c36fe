/**
 * Plain-word moderator filters without regular expressions (no backtracking, so no ReDoS): the text is folded
 * and cut into tokens, the pattern likewise, and the pattern's tokens are compared with consecutive text tokens;
 * a word with `*` wildcards is compared with one text word by a dynamic-programming glob matcher
 * (O(word length × pattern word length)). Matching one pattern against a text costs at most
 * O(text length × pattern length). Used by word-filter-match.ts; pure.
 *
 * Folding (both text and pattern, per code point, after shared/textNormalise.ts dropped invisible characters
 * and applied NFKC): canonical decomposition (NFD) with combining marks \p{M} removed (é = e; a mark belongs
 * to the letter before it), then simple case folding (upper-case and lower-case letters equal, ς = σ; no full
 * folding: ß ≠ ss).
 *
 * Tokens: a word is a maximal run of letters and digits (\p{L}\p{N}); a space is a maximal run of whitespace;
 * every other character is a token of its own. In a pattern, `*` belongs to words and stands for zero or more
 * letters (not digits) inside the one text word it is compared with. Pattern words match whole text words only;
 * a pattern that starts (ends) with punctuation does not match right after (before) a letter or digit; a space
 * in the pattern matches any run of whitespace.
 */
import { normaliseText, type NormalisedText } from '../../../shared/textNormalise.js';

type TokenKind = 'word' | 'space' | 'other';

/** One token of folded text; `start`/`end` are UTF-16 indexes into the ORIGINAL text. */
export interface TextToken {
  kind: TokenKind;
  /** Folded characters (code points) joined. */
  text: string;
  /** Folded characters, one code point each. */
  chars: string[];
  start: number;
  end: number;
  /** Word tokens: made of letters only (so a `*`-only pattern word matches it); set lazily. */
  allLetters?: boolean;
}

interface PatternToken {
  kind: TokenKind;
  text: string;
  chars: string[];
  /** Word tokens: has a `*`. */
  hasStar: boolean;
  /** Word tokens made of `*` only: may match no text at all. */
  allStar: boolean;
}

/** A compiled plain pattern: its tokens. */
export interface PlainPattern {
  tokens: PatternToken[];
}

const WORD_CHAR = /^[\p{L}\p{N}]$/u;
const LETTER = /^\p{L}$/u;
const SPACE = /^\s$/u;
const MARKS = /\p{M}/gu;

function caseFold(c: string): string {
  const upper = c.toUpperCase();
  // Simple folding only: a letter whose upper case is several characters (ß → SS) stays as it is.
  return upper.length === c.length || [...upper].length === 1 ? upper.toLowerCase() : c.toLowerCase();
}

/** Folded characters of `n` (see the file comment) with their spans in the original text. */
function foldChars(n: NormalisedText): { ch: string; start: number; end: number }[] {
  const out: { ch: string; start: number; end: number }[] = [];
  let j = 0;
  for (const cp of n.text) {
    const start = n.start[j];
    const end = n.end[j + cp.length - 1];
    j += cp.length;
    let produced = false;
    for (const d of cp.normalize('NFD')) {
      for (const f of caseFold(d).replace(MARKS, '')) {
        out.push({ ch: f, start, end });
        produced = true;
      }
    }
    if (!produced && out.length > 0) out[out.length - 1].end = Math.max(out[out.length - 1].end, end);
  }
  return out;
}

function kindOf(ch: string, starIsWord: boolean): TokenKind {
  if (WORD_CHAR.test(ch) || (starIsWord && ch === '*')) return 'word';
  return SPACE.test(ch) ? 'space' : 'other';
}

function tokens(chars: { ch: string; start: number; end: number }[], starIsWord: boolean): TextToken[] {
  const out: TextToken[] = [];
  for (const c of chars) {
    const kind = kindOf(c.ch, starIsWord);
    const last = out[out.length - 1];
    if (last && last.kind === kind && kind !== 'other') {
      last.chars.push(c.ch);
      last.end = c.end;
    } else {
      out.push({ kind, text: '', chars: [c.ch], start: c.start, end: c.end });
    }
  }
  for (const t of out) t.text = t.chars.join('');
  return out;
}

/** Folds and tokenises a resident text (already cut to the matching limit). */
export function tokeniseText(text: string): TextToken[] {
  return tokens(foldChars(normaliseText(text)), false);
}

/** Folds and tokenises a (trimmed, non-empty) plain pattern. An empty token list means "matches nothing". */
export function compilePlainPattern(pattern: string): PlainPattern {
  return {
    tokens: tokens(foldChars(normaliseText(pattern)), true).map((t) => ({
      kind: t.kind,
      text: t.text,
      chars: t.chars,
      hasStar: t.kind === 'word' && t.chars.includes('*'),
      allStar: t.kind === 'word' && t.chars.every((c) => c === '*'),
    })),
  };
}

/** Whether the pattern can match without consuming any text (only `*` words, or nothing at all). */
export function plainMatchesEmpty(p: PlainPattern): boolean {
  return p.tokens.every((t) => t.allStar);
}

/** Glob match of a whole word: `*` = zero or more letters; other characters literally. O(|word| × |glob|). */
function globMatch(glob: string[], word: string[]): boolean {
  const m = glob.length;
  let cur = new Uint8Array(m + 1);
  cur[0] = 1;
  const close = (row: Uint8Array): void => {
    for (let j = 0; j < m; j++) if (row[j] && glob[j] === '*') row[j + 1] = 1;
  };
  close(cur);
  for (const c of word) {
    const next = new Uint8Array(m + 1);
    let any = false;
    const letter = LETTER.test(c);
    for (let j = 0; j < m; j++) {
      if (!cur[j]) continue;
      if (glob[j] === '*') {
        if (letter) next[j] = 1;
      } else if (glob[j] === c) {
        next[j + 1] = 1;
      }
    }
    close(next);
    for (let j = 0; j <= m && !any; j++) if (next[j]) any = true;
    if (!any) return false;
    cur = next;
  }
  return cur[m] === 1;
}

function tokenMatches(p: PatternToken, t: TextToken): boolean {
  if (p.kind !== t.kind) return false;
  if (p.kind === 'space') return true;
  if (p.kind === 'other' || !p.hasStar) return p.text === t.text;
  if (p.allStar) return (t.allLetters ??= t.chars.every((c) => LETTER.test(c)));
  return globMatch(p.chars, t.chars);
}

/**
 * All non-overlapping matches of `p` in `text` (tokens from tokeniseText), leftmost first and, at one start,
 * the longest; as [firstToken, endToken) token index pairs.
 *
 * One left-to-right pass over the tokens simulating the pattern as an automaton (Thompson/Pike style): for
 * each pattern position the earliest start of a partial match that reached it. Cost O(tokens × pattern tokens)
 * comparisons; after a match the scan resumes at its end, re-reading at most `pattern tokens` tokens.
 */
export function findPlain(p: PlainPattern, text: TextToken[]): [number, number][] {
  const out: [number, number][] = [];
  const P = p.tokens;
  const k = P.length;
  const n = text.length;
  if (k === 0 || plainMatchesEmpty(p)) return out;
  // A match that starts (ends) with punctuation may not start right after (end right before) a letter or digit.
  const startOk = (t: number): boolean => text[t].kind === 'word' || t === 0 || text[t - 1].kind !== 'word';
  const endOk = (e: number): boolean => text[e - 1].kind === 'word' || e === n || text[e].kind !== 'word';
  const earlier = (a: number, b: number): number => (a < 0 ? b : b < 0 ? a : Math.min(a, b));
  let cur = new Int32Array(k + 1).fill(-1);
  let bestStart = -1;
  let bestEnd = -1;
  let from = 0; // no match may start before this token (the end of the last match)
  for (let t = 0; t <= n; t++) {
    if (bestStart < 0 && t < n && t >= from && startOk(t) && cur[0] < 0) cur[0] = t;
    for (let j = 0; j < k; j++) if (cur[j] >= 0 && P[j].allStar) cur[j + 1] = earlier(cur[j + 1], cur[j]);
    const s = cur[k];
    if (s >= 0 && t > s && endOk(t) && (bestStart < 0 || s < bestStart || (s === bestStart && t > bestEnd))) {
      bestStart = s;
      bestEnd = t;
    }
    let alive = false;
    for (let j = 0; j < k; j++) {
      if (cur[j] >= 0 && bestStart >= 0 && cur[j] > bestStart) cur[j] = -1; // cannot beat the leftmost match
      if (cur[j] >= 0) alive = true;
    }
    if (bestStart >= 0 && (!alive || t === n)) {
      out.push([bestStart, bestEnd]);
      from = bestEnd;
      t = bestEnd - 1; // the loop's t++ resumes at bestEnd
      bestStart = bestEnd = -1;
      cur.fill(-1);
      continue;
    }
    if (t === n) break;
    const next = new Int32Array(k + 1).fill(-1);
    let any = false;
    for (let j = 0; j < k; j++) {
      if (cur[j] >= 0 && tokenMatches(P[j], text[t])) {
        next[j + 1] = earlier(next[j + 1], cur[j]);
        any = true;
      }
    }
    cur = next;
    if (!any) cur.fill(-1);
  }
  return out;
}
