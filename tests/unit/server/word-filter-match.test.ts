/** server/src/domain/word-filter-match.ts: moderator word filters (plain words, wildcards, regexes). */
import { describe, expect, it } from 'vitest';
import {
  compileWordFilter,
  matchWordFilters,
  MAX_MATCH_TEXT_LENGTH,
  strongestAction,
  type WordFilterAction,
  type WordFilterMatch,
  type WordFilterRule,
  WordFilterPatternError,
} from '../../../server/src/domain/word-filter-match.js';

const rule = (pattern: string, opts: { isRegex?: boolean; action?: WordFilterAction; id?: string } = {}): WordFilterRule => ({
  id: opts.id ?? pattern,
  pattern,
  isRegex: opts.isRegex ?? false,
  action: opts.action ?? 'hold',
});
const hits = (text: string, rules: WordFilterRule[]): string[] => matchWordFilters(text, rules).map((m) => m.match);

describe('plain words', () => {
  it.each([
    ['kut', 'Kut!', ['Kut']],
    ['kut', 'KUT en kut.', ['KUT', 'kut']],
    ['kut', 'kutsch', []],
    ['kut', 'rotkut', []],
    ['kut', 'kut2', []],
    ['kut', '2kut', []],
    ['kut', '(kut)', ['kut']],
    ['kut', 'kut-opmerking', ['kut']],
    ['Kut', 'kut', ['kut']],
    ['café', 'Café CAFE cafe', ['Café', 'CAFE', 'cafe']],
    ['cafe', 'café CAFÉ', ['café', 'CAFÉ']],
    ['cafe', 'cafe\u0301!', ['cafe\u0301']], // decomposed é: the mark belongs to the match
    ['ge\u0301nant', 'gênant', ['gênant']],
    ['naïef', 'naief NAÏEF', ['naief', 'NAÏEF']],
    ['straße', 'STRASSE Straße', ['Straße']], // no full case folding: ß ≠ ss
    ['idio*', 'idioot, idioten en idio', ['idioot', 'idioten', 'idio']],
    ['idio*', 'idioot2', []],
    ['*heid', 'domheid en heid', ['domheid', 'heid']],
    ['k*t', 'kat kut kt kaart', ['kat', 'kut', 'kt', 'kaart']],
    ['vuile rat', 'Vuile   rat! vuilerat', ['Vuile   rat']],
    ['a.b', 'a.b axb', ['a.b']],
    ['(x)', 'zie (x) hier', ['(x)']], // regex characters in a plain word are literal
    ['(x)', 'a(x)', []],
  ])('%s in %j', (pattern, text, expected) => {
    expect(hits(text, [rule(pattern)])).toEqual(expected);
  });

  it.each([
    ['kutzooi', 'wat een k\u00adutzooi', ['k\u00adutzooi']], // soft hyphen
    ['kutzooi', 'kut\u200bzooi en kut\u200dzooi', ['kut\u200bzooi', 'kut\u200dzooi']], // zero-width space, ZWJ
    ['kutzooi', '\ufeffｋｕｔｚｏｏｉ!', ['ｋｕｔｚｏｏｉ']], // full-width forms
    ['kut*', 'K\u00adUT\u2060ZOOI', ['K\u00adUT\u2060ZOOI']],
    ['kutzooi', 'kut zooi', []], // a real space still separates words
  ])('sees through invisible and full-width characters: %s in %j', (pattern, text, expected) => {
    expect(hits(text, [rule(pattern)])).toEqual(expected);
  });

  it.each([
    ['*.nl', 'zie x.nl en .nl maar niet 1.nl', ['x.nl', '.nl']],
    ['vuile * rat', 'vuile gore rat, vuile rat', ['vuile gore rat']],
    ['a*b', 'ab a1b aXb', ['ab', 'aXb']], // * is letters only
    ['*a*a*a*a*a*a*b', 'aaaaaaaaaaaab', ['aaaaaaaaaaaab']],
    ['vuile rat', 'vuile vuile rat', ['vuile rat']], // a failed start does not hide a later one
    ['a a', 'a a a a a', ['a a', 'a a']], // non-overlapping, left to right
    ['x.*', 'x.nl x. x.1', ['x.nl', 'x.']],
  ])('plain pattern %s in %j', (pattern, text, expected) => {
    expect(hits(text, [rule(pattern)])).toEqual(expected);
  });

  it('answers the wildcard pattern that froze the old matcher on long adversarial texts', () => {
    // `*a*a*a*a*a*a*b` as a backtracking regex took 10 s on 80 characters; the glob matcher is linear per word.
    const word = 'a'.repeat(2_000);
    expect(hits(word, [rule('*a*a*a*a*a*a*b')])).toEqual([]);
    expect(hits(`${'a'.repeat(80)} ${word}b`, [rule('*a*a*a*a*a*a*b')])).toEqual([`${word}b`]);
    expect(hits('a '.repeat(5_000), [rule('a a a a a b')])).toEqual([]);
  });

  it('matches Cyrillic and Greek whole words', () => {
    expect(hits('Это дурак, дураки', [rule('дурак')])).toEqual(['дурак']);
    expect(hits('ΒΛΑΚΑΣ', [rule('βλακας')])).toEqual(['ΒΛΑΚΑΣ']);
  });
});

describe('regex filters', () => {
  it('matches case-insensitively, globally, with alternation in one group', () => {
    expect(compileWordFilter('foo|bar', true)).toMatchObject({ isRegex: true, pattern: 'foo|bar' });
    expect(hits('FOO bar foobar', [rule('foo|bar', { isRegex: true })])).toEqual(['FOO', 'bar', 'foo', 'bar']);
    expect(hits('xfoo', [rule('^foo|bar', { isRegex: true })])).toEqual([]); // ^ binds the whole alternation group
  });

  it('reports UTF-16 indexes after astral characters', () => {
    const text = '😀😀 spam';
    const [m] = matchWordFilters(text, [rule('spam', { isRegex: true })]);
    expect([m.start, m.end, m.match]).toEqual([5, 9, 'spam']); // UTF-8 offsets would be 9, 13
  });

  // Each of these freezes a backtracking engine for seconds to hours on the text below; RE2 runs in linear time.
  const adversarial = 'a'.repeat(2_000) + '!';
  it.each<[string, string, boolean]>([
    ['(a+b?)+$', adversarial, false],
    ['(\\w+\\s?)+$', adversarial, false],
    ['(a|a)+$', adversarial, false],
    ['(a+)+$', adversarial, false],
    ['(.*a){20}', adversarial, true],
    ['.*a.*a.*a.*a.*b', adversarial, false],
    ['(a+b?)+$', 'a'.repeat(2_000), true],
    ['.*a.*a.*a.*a.*b', 'a'.repeat(1_999) + 'b', true],
  ])('runs the catastrophic regex %s on a 2,000-character text and answers right', (pattern, text, found) => {
    expect(matchWordFilters(text, [rule(pattern, { isRegex: true })]).length > 0).toBe(found);
  });

  it.each([
    ['\\bkutzooi\\b', 'k\u00adutzooi', 'k\u00adutzooi'],
    ['kut', 'ｋｕｔ!', 'ｋｕｔ'],
    ['kutzooi', 'kut\u200bzooi', 'kut\u200bzooi'],
  ])('matches %s in normalised text (%j) and reports the original span', (pattern, text, expected) => {
    expect(hits(text, [rule(pattern, { isRegex: true })])).toEqual([expected]);
  });

  it('matches the original text (not accent-folded)', () => {
    expect(hits('cafe café', [rule('caf\\p{L}', { isRegex: true })])).toEqual(['cafe', 'café']);
    expect(hits('café', [rule('cafe', { isRegex: true })])).toEqual([]);
  });

  it('supports word boundaries written by the moderator', () => {
    expect(hits('spam spammer', [rule('\\bspam\\b', { isRegex: true })])).toEqual(['spam']);
  });
});

describe('compileWordFilter errors', () => {
  const message = (pattern: string, isRegex: boolean): string => {
    try {
      compileWordFilter(pattern, isRegex);
    } catch (e) {
      expect(e).toBeInstanceOf(WordFilterPatternError);
      return (e as Error).message;
    }
    throw new Error('expected a WordFilterPatternError');
  };

  it('refuses an invalid regex and says why', () => {
    expect(message('(abc', true)).toMatch(/^invalid regular expression: .*Unterminated group/);
    expect(message('[a-', true)).toMatch(/^invalid regular expression/);
    expect(message('a{2,1}', true)).toMatch(/^invalid regular expression/);
  });

  it('refuses empty patterns', () => {
    expect(message('', false)).toBe('pattern is empty');
    expect(message('   ', true)).toBe('pattern is empty');
  });

  it('refuses patterns longer than 200 characters', () => {
    expect(() => compileWordFilter('a'.repeat(200), false)).not.toThrow();
    expect(message('a'.repeat(201), false)).toBe('pattern is 201 characters long; at most 200 are allowed');
  });

  it.each(['a*', 'x?', '\\b', '^', '|a', '$', 'b|'])('refuses the empty-matching regex %s', (p) => {
    expect(message(p, true)).toBe('pattern matches the empty string');
  });

  it.each(['(?=a)b', '(?<=x)y', '(?!a)b', 'x(?<!y)', '(a)\\1', '(?<n>a)\\k<n>', '(a{100}){100}'])(
    'refuses %s, which RE2 cannot run, and says so',
    (p) => {
      expect(message(p, true)).toMatch(/^regular expression uses something the filter engine \(RE2\) does not support/);
    },
  );

  it('refuses a lone wildcard', () => {
    expect(message('*', false)).toBe('pattern matches the empty string');
    expect(message('**', false)).toBe('pattern matches the empty string');
  });

  it('accepts nested quantifiers: RE2 runs them in linear time', () => {
    expect(() => compileWordFilter('(a+)+', true)).not.toThrow();
    expect(() => compileWordFilter('(x+y*){2,}', true)).not.toThrow();
  });

  it('accepts plain words with regex characters', () => {
    expect(() => compileWordFilter('a+b (c)? [d] {e} ^$ \\ / | -', false)).not.toThrow();
  });
});

describe('matchWordFilters', () => {
  it('returns all matches of all rules sorted by start with correct UTF-16 indexes', () => {
    const text = '😀 Jij idioot! Wat een KUT-plan, écht een idioot.';
    const rules = [rule('idio*', { id: 'f1', action: 'flag' }), rule('kut', { id: 'f2', action: 'block' }), rule('echt', { id: 'f3' })];
    const found = matchWordFilters(text, rules);
    expect(found.map((m) => [m.filterId, m.match])).toEqual([
      ['f1', 'idioot'],
      ['f2', 'KUT'],
      ['f3', 'écht'],
      ['f1', 'idioot'],
    ]);
    for (const m of found) expect(text.slice(m.start, m.end)).toBe(m.match);
    expect(found[0]).toEqual<WordFilterMatch>({ filterId: 'f1', action: 'flag', pattern: 'idio*', start: 7, end: 13, match: 'idioot' });
  });

  it('keeps indexes right after decomposed accents earlier in the text', () => {
    const text = 'e\u0301e\u0301n kut';
    const [m] = matchWordFilters(text, [rule('kut')]);
    expect(m.start).toBe(6);
    expect(text.slice(m.start, m.end)).toBe('kut');
  });

  it('sorts overlapping matches longest first, then by rule order', () => {
    const found = matchWordFilters('rotzak', [rule('rot', { isRegex: true, id: 'a' }), rule('rotzak', { id: 'b' }), rule('ROT', { isRegex: true, id: 'c' })]);
    expect(found.map((m) => m.filterId)).toEqual(['b', 'a', 'c']);
  });

  it('skips rules that do not compile', () => {
    expect(hits('kut (abc', [rule('(abc', { isRegex: true }), rule(''), rule('kut')])).toEqual(['kut']);
  });

  it('returns nothing for no rules or no text', () => {
    expect(matchWordFilters('kut', [])).toEqual([]);
    expect(matchWordFilters('', [rule('kut')])).toEqual([]);
  });

  it(`matches only the first ${MAX_MATCH_TEXT_LENGTH} code units`, () => {
    const head = 'x'.repeat(MAX_MATCH_TEXT_LENGTH - 4);
    expect(hits(`${head} kut`, [rule('kut')])).toEqual(['kut']);
    expect(hits(`${head}  kut`, [rule('kut')])).toEqual([]); // cut to "ku"
    expect(hits(`${head} kut`.padEnd(50_000, ' ') + 'kut', [rule('kut', { isRegex: true })])).toEqual(['kut']);
  });

  it('is fast on long texts', () => {
    const text = 'aaaa '.repeat(10_000);
    const t0 = performance.now();
    matchWordFilters(text, [rule('a*b', { isRegex: true }), rule('aa*'), rule('\\w+x', { isRegex: true })]);
    expect(performance.now() - t0).toBeLessThan(2_000);
  });
});

describe('strongestAction', () => {
  const m = (action: WordFilterAction): WordFilterMatch => ({ filterId: action, action, pattern: 'p', start: 0, end: 1, match: 'p' });
  it.each<[WordFilterAction[], WordFilterAction | null]>([
    [[], null],
    [['flag'], 'flag'],
    [['hold'], 'hold'],
    [['block'], 'block'],
    [['flag', 'hold'], 'hold'],
    [['hold', 'flag'], 'hold'],
    [['flag', 'block', 'hold'], 'block'],
    [['block', 'flag'], 'block'],
  ])('%j → %s', (actions, expected) => {
    expect(strongestAction(actions.map(m))).toBe(expected);
  });
});
