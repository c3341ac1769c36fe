/**
 * One normaliser for screening resident text (personal-data detection in shared/pii.ts and moderator word
 * filters in server/src/domain/word-filter-match.ts), so that look-alike or invisible characters cannot hide a
 * word or a number: "k\u00adutzooi" (soft hyphen), "06\u200b12345678" (zero-width space), full-width
 * "０６１２３４５６７８" and "jan＠example.nl" all read as their plain forms.
 *
 * Per code point of the input: characters with the Unicode property Default_Ignorable_Code_Point (soft hyphen
 * U+00AD, zero-width space/joiners U+200B–U+200D, word joiner U+2060, BOM U+FEFF, bidi controls, variation
 * selectors, …) are dropped; every other code point is replaced by its NFKC form (compatibility decomposition
 * then canonical composition, Unicode Standard Annex #15), applied to that code point alone, so full-width and
 * other compatibility forms become their plain forms (Ａ→A, ０→0, ＠→@, ﬁ→fi, no-break space→space) while
 * combining marks written separately stay separate. Case and accents are kept: callers fold those themselves.
 * Pure and dependency-free (client and server).
 */

/** Normalised text with, for every UTF-16 code unit of it, the span of the original text it came from. */
export interface NormalisedText {
  /** The normalised text. */
  text: string;
  /** start[i]: UTF-16 index in the original where the code point that produced normalised unit i starts. */
  start: number[];
  /** end[i]: UTF-16 index in the original just past that code point. */
  end: number[];
}

const IGNORABLE = /^\p{Default_Ignorable_Code_Point}$/u;

/**
 * Normalises `original` as described in the file comment and keeps the index map back to it.
 * `text.length === start.length === end.length`; indexes are UTF-16 code units; never throws.
 */
export function normaliseText(original: string): NormalisedText {
  const parts: string[] = [];
  const start: number[] = [];
  const end: number[] = [];
  let i = 0;
  for (const cp of original) {
    const code = cp.charCodeAt(0);
    let n: string;
    if (code < 0x80) n = cp; // ASCII is its own NFKC form and never ignorable
    else if (IGNORABLE.test(cp)) n = '';
    else n = cp.normalize('NFKC');
    for (let k = 0; k < n.length; k++) {
      start.push(i);
      end.push(i + cp.length);
    }
    if (n !== '') parts.push(n);
    i += cp.length;
  }
  return { text: parts.join(''), start, end };
}

/**
 * The span of the original text behind the normalised span [from, to) (to > from): from the start of the
 * original code point of unit `from` to the end of the one of unit `to - 1`. Characters dropped inside the span
 * (a soft hyphen in the middle of a word) are part of the original span.
 */
export function originalSpan(n: NormalisedText, from: number, to: number): { start: number; end: number } {
  return { start: n.start[from], end: n.end[to - 1] };
}
