/**
 * Length of a string in Unicode code points (not UTF-16 units), the measure DESIGN.md fixes for
 * every text limit, in client, server and database alike. `'😀'.length === 2`, `codePointLength('😀') === 1`.
 */
export function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Lone UTF-16 surrogates: not text (they cannot be stored as UTF-8, RFC 3629 §3). */
const LONE_SURROGATE = /\p{Cs}/u;
/** C0/C1 control characters other than tab, line feed and carriage return (NUL included). */
const CONTROL = /[^\P{Cc}\t\n\r]/u;
/** Bidi embeddings and overrides (U+202A–U+202E), which make text display other than it reads
 * (Unicode TR 9 §2.2; "Trojan Source"). The isolates U+2066–U+2069 stay allowed for real RTL text. */
const BIDI_OVERRIDE = /[\u202A-\u202E]/u;
/** Format characters (Cf: zero-width, bidi, …) except the zero-width joiner used in emoji sequences. */
const FORMAT = /[^\P{Cf}\u200D]/u;
/** Something visible: a letter, digit, punctuation mark or symbol. */
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;

/**
 * Why a user-written text (comment body) is not acceptable as text, or null when it is: lone surrogates,
 * control characters (other than tab and new lines) and bidi overrides are refused.
 */
export function textProblem(s: string): string | null {
  if (LONE_SURROGATE.test(s)) return 'contains an unpaired surrogate (not Unicode text)';
  if (CONTROL.test(s)) return 'contains control characters';
  if (BIDI_OVERRIDE.test(s)) return 'contains bidirectional override characters';
  return null;
}

/**
 * Why a name shown to others (display name) is not acceptable, or null: everything textProblem refuses,
 * plus line breaks, tabs and invisible format characters, and a name with nothing visible in it, so that
 * one person cannot pass for another or for nobody.
 */
export function nameProblem(s: string): string | null {
  const p = textProblem(s);
  if (p) return p;
  if (/[\t\n\r]/.test(s)) return 'must be one line';
  if (FORMAT.test(s)) return 'contains invisible formatting characters';
  if (!VISIBLE.test(s)) return 'must contain a visible character';
  return null;
}
