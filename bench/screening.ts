/**
 * Screening bench (issue 6): how long it takes to screen resident text before it is published, i.e. the
 * moderators' word filters (server/src/domain/word-filter-match.ts matchWordFilters: RE2 for regex rules, the
 * linear plain-word matcher of word-filter-plain.ts for plain words, `*` included) and the personal-data check
 * (shared/pii.ts detectPersonalData), on
 * (a) a generated, realistic Dutch corpus of 2,000 comments (buildings, trees, parking; fixed seed; every 20th
 *     comment holds a phone number, an e-mail address or a street + house number + postcode) against 50 filters
 *     (40 plain words, 14 of them with `*`, and 10 safe regexes), and
 * (b) an adversarial text of 2,000 × 'a' + '!' against catastrophic filters: the regexes `(a+b?)+$`,
 *     `(\w+\s?)+$`, `(a|a)+$`, `(.*a){20}`, `.*a.*a.*a.*a.*b` and the plain word `*a*a*a*a*a*a*b`.
 * Anchor, measured in the same run: the naive approach, the same filters as plain JavaScript RegExp (flags `giu`;
 * a plain word as `(?<![\p{L}\p{N}])word(?![\p{L}\p{N}])`, `*` → `\p{L}*`, whitespace → `\s+`; no accent folding,
 * no normalising). On (a) in this process; on (b) only ONE text of 24 characters ('a' × 23 + '!') per
 * catastrophic filter, each in its own `node -e` child process killed after 5 s (node start-up, ≈ 50 ms,
 * included in the 5 s). The anchor never sees the 2,001-character text: V8's backtracking engine would not
 * finish on it in any useful time.
 * Ours and the in-process anchor: median of 5 runs after one warm-up run; the child anchor: one run, the time the
 * child measured around its own match loop. Prints one table; no files are written.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { compileWordFilter, matchWordFilters, type WordFilterRule } from '../server/src/domain/word-filter-match.js';
import { detectPersonalData } from '../shared/pii.js';
import { mulberry32 } from '../server/src/tiler/random.js';

const COMMENTS = 2_000;
const RUNS = 5;
const ANCHOR_TIMEOUT_MS = 5_000;
const LONG_ADVERSARIAL = `${'a'.repeat(2_000)}!`;
const SHORT_ADVERSARIAL = `${'a'.repeat(23)}!`;

/** 40 plain words (14 with `*`; two of two words). */
const PLAIN_WORDS = [
  'kut', 'kutzooi', 'idio*', 'sukkel*', 'klootzak', 'eikel', 'debiel*', 'tering*', 'rotzak', 'stomme',
  'achterlijk*', 'oplichter*', 'zakkenvuller*', 'klik hier', 'gratis geld', 'casino', 'viagra', 'bitcoin',
  'crypto*', 'beleggen', 'aanbieding', 'korting*', 'winnen', 'loterij', 'hufter*', 'schoft', 'lafaard',
  'leugenaar*', 'nepnieuws', 'corrupt*', 'graaiers', 'schandalig', 'onzin', 'waardeloos', 'prutser*', 'kneus',
  'mafkees', 'randdebiel', 'tokkie*', 'oplichterij',
];
/** 10 regexes a careful moderator might store (no nested quantifiers). */
const SAFE_REGEXES = [
  'https?://[^\\s]+',
  'www\\.[a-z0-9-]+\\.[a-z]{2,}',
  'v[i1!]agr[a@4]',
  'c[a@4]s[i1!]n[o0]',
  'k[u*]+t',
  '[!?]{3,}',
  '\\d{2,}\\s*(?:euro|eur|€)',
  '(?:bel|app|mail)\\s+(?:me|mij)\\s+(?:op|via)',
  '\\b(?:idioot|idioten)\\b',
  '(?:gratis|free)\\s+(?:geld|money|bitcoin)',
];
const CATASTROPHIC: { pattern: string; isRegex: boolean }[] = [
  { pattern: '(a+b?)+$', isRegex: true },
  { pattern: '(\\w+\\s?)+$', isRegex: true },
  { pattern: '(a|a)+$', isRegex: true },
  { pattern: '(.*a){20}', isRegex: true },
  { pattern: '.*a.*a.*a.*a.*b', isRegex: true },
  { pattern: '*a*a*a*a*a*a*b', isRegex: false },
];

// --- corpus ----------------------------------------------------------------------------------------------

/** The tiler's seeded PRNG, so every run screens the same corpus. */
const prng = mulberry32;

const STREETS = [
  'Schiedamseweg', 'Coolsingel', 'Mathenesserlaan', 'Nieuwe Binnenweg', 'Havenstraat', 'Spanjaardstraat',
  'Middellandstraat', 'Beukelsdijk', 'Pieter de Hoochweg', 'Aelbrechtskolk', 'Voorhaven', 'Mathenesserweg',
];
const SUBJECTS = [
  'Het nieuwe gebouw aan de {s}', 'De woontoren bij de {s}', 'Het appartementencomplex op de hoek van de {s}',
  'De bomen langs de {s}', 'De oude platanen aan de {s}', 'Het parkeerterrein achter de {s}',
  'De parkeergarage onder het plein', 'Het fietsparkeren bij het station', 'De nieuwe school aan de {s}',
  'Het groen in de binnentuin', 'De uitbouw van nummer {n}', 'Het dakterras op het winkelcentrum',
];
const PREDICATES = [
  'is veel te hoog voor deze buurt', 'neemt al het zonlicht in onze tuin weg', 'past goed bij de bestaande bebouwing',
  'zorgt voor nog meer verkeer in de straat', 'mag wat mij betreft blijven staan', 'moet echt gekapt worden',
  'geeft schaduw op de speelplaats', 'is een mooie aanwinst voor de wijk', 'kost ons minstens {n} parkeerplaatsen',
  'staat al jaren leeg', 'is in {y} gebouwd en hoort bij het beschermd stadsgezicht', 'wordt {h} meter hoog volgens de tekening',
];
const EXTRAS = [
  'Ik woon hier al {n} jaar.', 'Kan de gemeente hier iets aan doen?', 'Graag meer groen in plaats van beton.',
  'Waarom zijn de bewoners niet eerder geïnformeerd?', 'Top plan, ik ben voor!', 'Er is ’s avonds nu al geen plek om te parkeren.',
  'De vergunning loopt tot {y}.', 'Zie ook de tekening bij het vorige plan.', 'Wat vinden de buren hiervan?',
  'Een fietsenstalling zou een goed idee zijn.', 'Plant er alsjeblieft nieuwe bomen voor terug.', 'Dit kost meer dan 250 euro per huishouden.',
];
/** Now and then rude, spammy or shouty (the filters should hit something). */
const RUDE = [
  'Wat een idioten bij de gemeente.', 'Dit is echt kutzooi!!!', 'Stelletje prutsers.', 'Wat een onzin.',
  'Klik hier voor gratis geld: https://example.com/win', 'Die wethouder is een zakkenvuller.', 'Schandalig dit!',
];
const NAMES = ['jan', 'fatima', 'pieter.devries', 'sanne', 'mohammed.b', 'kees1967', 'anouk_j', 'bram'];

const pick = <T>(r: () => number, xs: T[]): T => xs[Math.floor(r() * xs.length)];
const num = (r: () => number, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

function personalData(r: () => number): string {
  switch (num(r, 0, 2)) {
    case 0:
      return `Bel me gerust op 06-${num(r, 10_000_000, 99_999_999)} als u vragen heeft.`;
    case 1:
      return `Mail mij: ${pick(r, NAMES)}@example.nl`;
    default: {
      const letters = String.fromCharCode(65 + num(r, 0, 25), 65 + num(r, 0, 25)).replace(/S[ADS]/, 'BG');
      return `Ik woon zelf op ${pick(r, STREETS)} ${num(r, 1, 250)}, ${num(r, 3011, 3089)} ${letters} Rotterdam.`;
    }
  }
}

/** The corpus: every 20th comment (100 of 2,000, 5 %) holds personal data. */
function corpus(): { texts: string[]; seededPii: number } {
  const r = prng(6);
  const fill = (s: string) =>
    s.replace('{s}', pick(r, STREETS)).replace('{n}', String(num(r, 2, 60))).replace('{y}', String(num(r, 1890, 2030))).replace('{h}', String(num(r, 9, 120)));
  const texts: string[] = [];
  for (let i = 0; i < COMMENTS; i++) {
    const parts = [`${fill(pick(r, SUBJECTS))} ${fill(pick(r, PREDICATES))}.`];
    for (let k = num(r, 0, 3); k > 0; k--) parts.push(fill(pick(r, EXTRAS)));
    if (r() < 0.06) parts.push(pick(r, RUDE));
    if (i % 20 === 7) parts.splice(num(r, 1, parts.length), 0, personalData(r));
    texts.push(parts.join(' '));
  }
  return { texts, seededPii: COMMENTS / 20 };
}

// --- anchor: plain JavaScript RegExp ------------------------------------------------------------------------

/** The naive compilation of a filter to a JavaScript RegExp (flags giu). */
function naiveRegExp(pattern: string, isRegex: boolean): RegExp {
  if (isRegex) return new RegExp(`(?:${pattern})`, 'giu');
  const body = pattern
    .trim()
    .split(/(\s+|\*)/u)
    .map((part) => (part === '*' ? '\\p{L}*' : /^\s+$/u.test(part) ? '\\s+' : part.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')))
    .join('');
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'giu');
}

function naiveMatchCount(text: string, res: RegExp[]): number {
  let n = 0;
  for (const re of res) for (const _ of text.matchAll(re)) n++;
  return n;
}

/** The child's whole program: `node -e CHILD source flags text` → one JSON line {ms, hits}. */
const CHILD = `
const [source, flags, text] = process.argv.slice(1);
const re = new RegExp(source, flags);
const t = performance.now();
let hits = 0;
for (const _ of text.matchAll(re)) hits++;
process.stdout.write(JSON.stringify({ ms: performance.now() - t, hits }) + '\\n');
`;

interface ChildResult {
  ms: number | null;
  text: string;
}

/** Runs the naive RegExp of one filter on `text` in a child process, killed after ANCHOR_TIMEOUT_MS. */
function childAnchor(pattern: string, isRegex: boolean, text: string): ChildResult {
  const t = performance.now();
  const re = naiveRegExp(pattern, isRegex);
  const r = spawnSync(process.execPath, ['-e', CHILD, re.source, re.flags, text], {
    encoding: 'utf8',
    timeout: ANCHOR_TIMEOUT_MS,
    killSignal: 'SIGKILL',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const wall = performance.now() - t;
  if (r.signal === 'SIGKILL' || (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT') {
    return { ms: null, text: `> ${ANCHOR_TIMEOUT_MS / 1000} s (killed)` };
  }
  if (r.status !== 0) return { ms: null, text: `failed: ${(r.stderr || String(r.error)).trim().split('\n').pop()}` };
  const s = JSON.parse(r.stdout.trim().split('\n').pop()!) as { ms: number; hits: number };
  return { ms: s.ms, text: `${fmt(s.ms, s.ms < 10 ? 2 : 0)} (${s.hits} hit${s.hits === 1 ? '' : 's'}; wall ${fmt(wall)})` };
}

// --- timing and table ------------------------------------------------------------------------------------

/** Median wall-clock ms of RUNS runs of `f` after one warm-up run; also `f`'s result. */
function median<T>(f: () => T): { ms: number; result: T } {
  let result = f();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    result = f();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(RUNS / 2)], result };
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ms = (n: number) => fmt(n, n < 10 ? 3 : 1);

interface Row {
  case: string;
  ours: string;
  anchor: string;
  texts: string;
  note: string;
}

function printTable(rows: Row[]): void {
  const head = ['case', 'ours ms (median of 5)', 'anchor ms', 'texts', 'note'];
  const cells = rows.map((r) => [r.case, r.ours, r.anchor, r.texts, r.note]);
  const widths = head.map((h, c) => Math.max(h.length, ...cells.map((r) => r[c].length)));
  const line = (r: string[]) => `  ${r.map((v, c) => (c === 1 || c === 3 ? v.padStart(widths[c]) : v.padEnd(widths[c]))).join('  ').trimEnd()}\n`;
  process.stdout.write(line(head));
  process.stdout.write(line(widths.map((w) => '-'.repeat(w))));
  for (const r of cells) process.stdout.write(line(r));
}

/** `npm run bench -- screening`: prints the table (see the module comment). */
export async function benchScreening(): Promise<void> {
  const log = (s: string) => process.stderr.write(`bench screening: ${s}\n`);
  const rows: Row[] = [];
  const rules: WordFilterRule[] = [
    ...PLAIN_WORDS.map((pattern, i) => ({ id: `p${i}`, pattern, isRegex: false, action: 'hold' as const })),
    ...SAFE_REGEXES.map((pattern, i) => ({ id: `r${i}`, pattern, isRegex: true, action: 'hold' as const })),
  ];

  // (a) the corpus
  log(`generating ${fmt(COMMENTS)} comments, screening against ${rules.length} filters…`);
  const { texts, seededPii } = corpus();
  const chars = texts.reduce((a, t) => a + t.length, 0);
  const naive = rules.map((r) => naiveRegExp(r.pattern, r.isRegex));
  const filters = median(() => texts.map((t) => matchWordFilters(t, rules)));
  const anchor = median(() => texts.map((t) => naiveMatchCount(t, naive)));
  const plainRules = rules.filter((r) => !r.isRegex);
  const regexRules = rules.filter((r) => r.isRegex);
  const plainOnly = median(() => texts.map((t) => matchWordFilters(t, plainRules)));
  const plainAnchor = median(() => texts.map((t) => naiveMatchCount(t, naive.slice(0, plainRules.length))));
  const regexOnly = median(() => texts.map((t) => matchWordFilters(t, regexRules)));
  const regexAnchor = median(() => texts.map((t) => naiveMatchCount(t, naive.slice(plainRules.length))));
  const pii = median(() => texts.map((t) => detectPersonalData(t)));
  const both = median(() => texts.map((t) => [matchWordFilters(t, rules), detectPersonalData(t)] as const));
  const oursHits = filters.result.reduce((a, m) => a + m.length, 0);
  const oursTexts = filters.result.filter((m) => m.length > 0).length;
  const anchorHits = anchor.result.reduce((a, n) => a + n, 0);
  const anchorTexts = anchor.result.filter((n) => n > 0).length;
  const piiTexts = pii.result.filter((f) => f.length > 0).length;
  const seededFound = pii.result.filter((f, i) => i % 20 === 7 && f.length > 0).length;
  const perComment = (total: number) => `${fmt(total / COMMENTS, 4)} ms/comment`;
  const textsA = `${fmt(COMMENTS)} (${fmt(chars / 1000)}k chars)`;
  rows.push(
    {
      case: '(a) corpus: 50 word filters',
      ours: ms(filters.ms),
      anchor: ms(anchor.ms),
      texts: textsA,
      note: `ours ${perComment(filters.ms)}, anchor ${perComment(anchor.ms)}; hits ours ${fmt(oursHits)} in ${oursTexts} comments, anchor ${fmt(anchorHits)} in ${anchorTexts}`,
    },
    {
      case: '(a) corpus: the 40 plain words only',
      ours: ms(plainOnly.ms),
      anchor: ms(plainAnchor.ms),
      texts: textsA,
      note: `ours ${perComment(plainOnly.ms)}, anchor ${perComment(plainAnchor.ms)}; ours: word-filter-plain.ts`,
    },
    {
      case: '(a) corpus: the 10 regexes only',
      ours: ms(regexOnly.ms),
      anchor: ms(regexAnchor.ms),
      texts: textsA,
      note: `ours ${perComment(regexOnly.ms)}, anchor ${perComment(regexAnchor.ms)}; ours: RE2`,
    },
    {
      case: '(a) corpus: personal data',
      ours: ms(pii.ms),
      anchor: '–',
      texts: textsA,
      note: `${perComment(pii.ms)}; found in ${piiTexts} comments, ${seededFound} of the ${seededPii} seeded`,
    },
    {
      case: '(a) corpus: filters + personal data',
      ours: ms(both.ms),
      anchor: '–',
      texts: textsA,
      note: `${perComment(both.ms)}: the whole screening`,
    },
  );

  // (b) adversarial
  for (const c of CATASTROPHIC) {
    const label = `${c.isRegex ? 'regex' : 'plain'} ${c.pattern}`;
    log(`(b) ${label}…`);
    let refused = '';
    try {
      compileWordFilter(c.pattern, c.isRegex);
    } catch (e) {
      refused = `; REFUSED when stored (${(e as Error).message.slice(0, 60)}), so skipped by matchWordFilters`;
    }
    const rule: WordFilterRule[] = [{ id: 'x', pattern: c.pattern, isRegex: c.isRegex, action: 'block' }];
    const long = median(() => matchWordFilters(LONG_ADVERSARIAL, rule));
    const short = median(() => matchWordFilters(SHORT_ADVERSARIAL, rule));
    const a = childAnchor(c.pattern, c.isRegex, SHORT_ADVERSARIAL);
    rows.push({
      case: `(b) ${label}`,
      ours: ms(long.ms),
      anchor: a.text,
      texts: `1 (${fmt(LONG_ADVERSARIAL.length)} chars)`,
      note: `ours ${long.result.length} hit${long.result.length === 1 ? '' : 's'}; ours on the anchor's 24 chars ${ms(short.ms)} ms; anchor on 24 chars only, child process${refused}`,
    });
  }
  const allRules: WordFilterRule[] = CATASTROPHIC.map((c, i) => ({ id: `x${i}`, pattern: c.pattern, isRegex: c.isRegex, action: 'block' }));
  const all = median(() => [matchWordFilters(LONG_ADVERSARIAL, allRules), detectPersonalData(LONG_ADVERSARIAL)] as const);
  rows.push({
    case: '(b) all 6 + personal data',
    ours: ms(all.ms),
    anchor: '–',
    texts: `1 (${fmt(LONG_ADVERSARIAL.length)} chars)`,
    note: 'the whole screening of the adversarial text; the anchor is never run on it',
  });

  process.stdout.write(
    `bench screening: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), Node ${process.version}; ` +
      `ours and the (a) anchor in-process, median of ${RUNS} after a warm-up; (b) anchor: one run in a child killed after ${ANCHOR_TIMEOUT_MS / 1000} s, ms inside the child\n`,
  );
  printTable(rows);
}
