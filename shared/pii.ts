/**
 * Personal data (AVG/GDPR art. 4(1)) in resident-written text: e-mail addresses, Dutch phone numbers, BSNs,
 * IBANs and a postcode together with a house number. Pure and dependency-free, shared by client (warn before
 * posting) and server (hold for moderation). Detection is heuristic and leans towards few false positives in
 * ordinary Dutch prose (dates, times, amounts, heights, years, BAG ids, URLs are left alone).
 */

import { normaliseText, originalSpan } from './textNormalise.js';

export type PiiKind = 'email' | 'phone' | 'bsn' | 'iban' | 'postcode_house_number';

/** One finding. `start`/`end` are UTF-16 code unit indexes into the text: `text.slice(start, end) === match`. */
export interface PiiFinding {
  kind: PiiKind;
  start: number;
  end: number;
  match: string;
}

/** Dutch names of the kinds, for messages to residents and moderators. */
export const PII_LABELS_NL: Record<PiiKind, string> = {
  email: 'e-mailadres',
  phone: 'telefoonnummer',
  bsn: 'BSN',
  iban: 'IBAN',
  postcode_house_number: 'postcode met huisnummer',
};

/**
 * Whether `digits` is a valid burgerservicenummer by the 11-proef of the Wet algemene bepalingen
 * burgerservicenummer (art. 2 Besluit): 9a + 8b + 7c + 6d + 5e + 4f + 3g + 2h − 1i ≡ 0 (mod 11).
 * Input: 9 digits, or 8 digits (an old 8-digit number, read as if it had a leading 0); spaces and dots between
 * digits are ignored. All zeros is not a BSN. Never throws.
 */
export function isValidBsn(digits: string): boolean {
  const d = digits.replace(/[ .]/g, '');
  if (!/^\d{8,9}$/.test(d)) return false;
  const nine = d.padStart(9, '0');
  if (/^0+$/.test(nine)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * Number(nine[i]);
  sum -= Number(nine[8]);
  return sum % 11 === 0;
}

/** IBAN lengths per country from the SWIFT IBAN registry (ISO 13616), for the countries residents use most. */
const IBAN_LENGTHS: Record<string, number> = { NL: 18, BE: 16, DE: 22, GB: 22, FR: 27, LU: 20 };

/**
 * Whether `s` is a valid IBAN (ISO 13616-1; check digits by ISO 7064 MOD 97-10): two letters, two check
 * digits (02..98), an alphanumeric BBAN; the rearranged number mod 97 must be 1. Spaces are ignored, lower case
 * is accepted. Length: 18 for NL (and the registry length for BE, DE, GB, FR, LU), otherwise 15..34. Never throws.
 */
export function isValidIban(s: string): boolean {
  const iban = s.replace(/ /g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban)) return false;
  const want = IBAN_LENGTHS[iban.slice(0, 2)];
  if (want !== undefined ? iban.length !== want : iban.length < 15 || iban.length > 34) return false;
  const check = Number(iban.slice(2, 4));
  if (check < 2 || check > 98) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (const ch of rearranged) {
    const v = ch >= 'A' ? ch.charCodeAt(0) - 55 : Number(ch);
    rest = (rest * (v >= 10 ? 100 : 10) + v) % 97;
  }
  return rest === 1;
}

// --- candidates -------------------------------------------------------------------------------------------

const LOCAL_CH = "[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~-]";
const EMAIL = new RegExp(
  `(?<![\\p{L}\\p{N}._%+-])[\\p{L}\\p{N}_]${LOCAL_CH}*(?:\\.${LOCAL_CH}+)*` +
    '@(?:[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?\\.)+\\p{L}{2,63}(?![\\p{L}\\p{N}-])',
  'gu',
);

/** Digits with at most one space or hyphen between them: `d(?:[ -]?d){n}`. */
const digits = (n: number): string => `\\d(?:[ -]?\\d){${n - 1}}`;
const PHONE = new RegExp(
  '(?<![\\p{L}\\p{N}_+]|\\d[.,])(?:' +
    [
      `(?:\\+31|0031)[ -]?(?:\\(0\\)[ -]?)?[1-9](?:[ -]?\\d){8}`, // +31 6 12345678, +31(0)6-12345678, 0031 …
      `0[1-9](?:[ -]?\\d){8}`, // 06-12345678, 010-1234567, 070 123 4567
      `\\(0[1-9]\\)[ -]?${digits(8)}`, // (06) 12345678
      `\\(0[1-9]\\d\\)[ -]?${digits(7)}`, // (010) 1234567
      `\\(0[1-9]\\d\\d\\)[ -]?${digits(6)}`, // (0111) 123456
    ].join('|') +
    ')(?!\\p{N}|[.,]\\d)',
  'gu',
);
/** dd-mm-yyyy at the start of a phone-shaped candidate ("01-11-2026 10:30" is a date and a time). */
const DATE_START = /^(?:0[1-9]|[12]\d|3[01])-(?:0[1-9]|1[0-2])-\d{4}/;

const BSN =
  /(?<![\p{L}\p{N}_]|\d[.,]|€ ?)(?:\d{9}|\d{3}([. ])\d{3}\1\d{3}|\d{4}([. ])\d{2}\2\d{3})(?![\p{L}\p{N}_]|[.,]\d)/gu;

const IBAN =
  /(?<![\p{L}\p{N}_])[A-Za-z]{2}\d{2}(?:[A-Za-z0-9]{11,30}|(?: [A-Za-z0-9]{4}){2,7}(?: [A-Za-z0-9]{1,4})?)(?![\p{L}\p{N}_])/gu;

/**
 * Two lower-case letters after a space that are a short word or unit rather than postcode letters ("in 2025 is
 * 30 procent", "2024 en 2025", "1500 kg 40"); SA, SD and SS are never used in postcodes.
 */
const NOT_POSTCODE_LETTERS =
  'sa|sd|ss|al|an|as|at|be|by|ca|da|de|do|en|er|ga|he|ho|ik|in|is|it|ja|je|me|my|na|no|nr|nu|of|oh|ok|om|on|op|' +
  'or|so|st|ta|te|to|tv|up|us|uw|vs|we|ze|zo|am|pm|cm|dm|km|mm|nm|kg|mg|gr|ha|kw|mw|gw|kb|mb|gb|tb|ms|ml|cl|dl|hl|jr|ct';
/** "3011 AD", "3011AD", "3011ad" and (only ever next to a house number, see below) "3011 ad". */
const POSTCODE =
  '[1-9]\\d{3}(?: ?(?!SA|SD|SS)[A-Z]{2}|(?!sa|sd|ss)[a-z]{2}|' +
  ` (?!${NOT_POSTCODE_LETTERS})[a-z]{2})(?![\\p{L}\\p{N}])`;
const HOUSE_NUMBER = '[1-9]\\d{0,4}(?:[ -]?[A-Za-z]|-\\d{1,4}| ?(?:hs|bis|bg|I{1,3}))?(?![\\p{L}\\p{N}])';
const NUMBER_LABEL = '(?:[Hh]uisnummer|[Hh]uisnr\\.?|[Nn]r\\.?|[Nn]ummer)[ \\t]*:?[ \\t]*';
const GAP = '(?:\\s*,\\s*|\\s+)';
/** "3011 AD 40", "3011AD, 40a", "postcode 3011 AD huisnummer 40". */
const POSTCODE_THEN_NUMBER = new RegExp(
  `(?<![\\p{L}\\p{N}])${POSTCODE}${GAP}(?:${NUMBER_LABEL})?${HOUSE_NUMBER}`,
  'gu',
);
/**
 * "Coolsingel 40, 3011 AD Rotterdam", "huisnummer 40, postcode 3011 AD", "nr 40 in 3011AD": group 1 the word
 * before the number.
 */
const NUMBER_THEN_POSTCODE = new RegExp(
  `(?<![\\p{L}\\p{N}])(\\p{L}[\\p{L}'’.-]*)(?:[ \\t]*:[ \\t]*|[ \\t]+)(${HOUSE_NUMBER})${GAP}` +
    `(?:(?:in|te)[ \\t]+)?(?:[Pp]ostcode[ \\t]*:?[ \\t]*)?(${POSTCODE})`,
  'dgu',
);
const STREET_SUFFIX =
  /(?:straat|laan|weg|plein|singel|gracht|kade|dijk|dreef|steeg|hof|park|markt|baan|pad|wal|haven|kwartier|pier)$/i;
const LABEL_WORD = /^(?:huisnummer|huisnr\.?|nr\.?|nummer)$/i;
/** Capitalised words that start sentences before a number ("In 2026, 3011 AD …") and are no street. */
const NOT_STREET = new Set(
  (
    'in op om tot van voor na sinds per rond ruim circa ca ca. bijna nog al er de het een dat die en of maar ook ' +
    'wel niet dan bij uit over onder tussen met zonder naar aan jaar zie tel telefoon week dag uur ' +
    'januari februari maart april mei juni juli augustus september oktober november december ' +
    'maandag dinsdag woensdag donderdag vrijdag zaterdag zondag'
  ).split(' '),
);

/** URLs: digits in them (ids, dates, coordinates) are no phone, BSN or address. */
const URL = /(?:https?:\/\/|www\.)[^\s<>"']+/giu;

const PRIORITY: Record<PiiKind, number> = { email: 0, iban: 1, postcode_house_number: 2, phone: 3, bsn: 4 };

function candidates(text: string): PiiFinding[] {
  const out: PiiFinding[] = [];
  const add = (kind: PiiKind, start: number, match: string): void => {
    out.push({ kind, start, end: start + match.length, match });
  };
  for (const m of text.matchAll(EMAIL)) add('email', m.index, m[0]);
  for (const m of text.matchAll(PHONE)) if (!DATE_START.test(m[0])) add('phone', m.index, m[0]);
  for (const m of text.matchAll(BSN)) if (isValidBsn(m[0])) add('bsn', m.index, m[0]);
  for (const m of text.matchAll(IBAN)) {
    // A spaced IBAN may have swallowed a following short word ("BE68 5390 0754 7034 voor"): cut back.
    let s = m[0];
    while (!isValidIban(s) && s.includes(' ')) s = s.slice(0, s.lastIndexOf(' '));
    if (isValidIban(s)) add('iban', m.index, s);
  }
  for (const m of text.matchAll(POSTCODE_THEN_NUMBER)) add('postcode_house_number', m.index, m[0]);
  for (const m of text.matchAll(NUMBER_THEN_POSTCODE)) {
    const word = m[1];
    const lower = word.toLowerCase();
    const capitalised = /^\p{Lu}/u.test(word) && word.length >= 2 && !NOT_STREET.has(lower);
    const ok = LABEL_WORD.test(word) || STREET_SUFFIX.test(word) || capitalised;
    const start = m.indices![2][0];
    if (ok) add('postcode_house_number', start, text.slice(start, m.indices![3][1]));
  }
  const urls = [...text.matchAll(URL)].map((m) => [m.index, m.index + m[0].length] as const);
  return out.filter(
    (f) => f.kind === 'email' || f.kind === 'iban' || !urls.some(([s, e]) => f.start < e && s < f.end),
  );
}

/**
 * Personal data in `text`: findings sorted by `start`, never overlapping. Where candidates overlap, the longer
 * one wins, then the more specific kind (email > iban > postcode_house_number > phone > bsn); so a 9-digit run
 * that is part of a phone number is no BSN.
 *
 * - email: local@domain.tld (a practical subset of RFC 5322 §3.4.1 addr-spec; Unicode letters allowed).
 * - phone: Dutch numbers, 0 + 9 digits or +31/0031 (+ optional "(0)") + 9 digits, with single spaces or hyphens
 *   between digits (06-12345678, 070 123 4567, +31(0)6-12345678); not inside longer digit runs, not dd-mm-yyyy.
 * - bsn: 9 digits (or 123.456.782 / 1234 56 782) passing the 11-proef, not inside a longer run, not an amount.
 * - iban: ISO 13616, optionally in groups of 4, any case, passing MOD 97-10.
 * - postcode_house_number: a Dutch postcode (1234 AB; no SA, SD, SS) with a house number right after it
 *   ("3011 AD 40") or right before it after a street name ("Coolsingel 40, 3011 AD"); the span runs from the
 *   first to the last of the two; "in" or "te" may stand between number and postcode ("nr 40 in 3011AD"). A
 *   lower-case postcode with a space ("3011 ad") counts only next to a house number, and not when its letters
 *   are a short word or unit ("in 2025 is 30", "2024 en 2025"). A postcode alone or a street and number alone is
 *   no finding.
 *
 * Phone, BSN and address candidates inside a URL are ignored. The text is first normalised with
 * shared/textNormalise.ts (soft hyphens and zero-width characters dropped, full-width and other compatibility
 * forms NFKC-folded: "06\u00ad12345678", "０６１２３４５６７８" and "jan＠example.nl" are found); `start`, `end` and
 * `match` always refer to the ORIGINAL text (UTF-16 code units, `text.slice(start, end) === match`, so a match
 * may contain the invisible characters). Never throws.
 */
export function detectPersonalData(text: string): PiiFinding[] {
  const normalised = normaliseText(text);
  const all = candidates(normalised.text).sort(
    (a, b) => b.end - b.start - (a.end - a.start) || PRIORITY[a.kind] - PRIORITY[b.kind] || a.start - b.start,
  );
  const kept: PiiFinding[] = [];
  for (const f of all) {
    if (!kept.some((k) => f.start < k.end && k.start < f.end)) kept.push(f);
  }
  return kept
    .sort((a, b) => a.start - b.start)
    .map((f) => {
      const { start, end } = originalSpan(normalised, f.start, f.end);
      return { kind: f.kind, start, end, match: text.slice(start, end) };
    });
}
