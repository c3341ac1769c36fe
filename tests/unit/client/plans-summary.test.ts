/** Plan summaries as paragraphs of text and http(s) links (features/plans/summary.ts); never HTML. */
import { describe, expect, it } from 'vitest';
import { linkify, safeHref, summaryParagraphs } from '../../../client/src/features/plans/summary.js';

describe('summaryParagraphs', () => {
  it('splits on blank lines and keeps single line breaks', () => {
    expect(summaryParagraphs('Eerste regel\ntweede regel\n\n  \nTweede alinea\r\n\r\nDerde')).toEqual([
      [{ kind: 'text', text: 'Eerste regel\ntweede regel' }],
      [{ kind: 'text', text: 'Tweede alinea' }],
      [{ kind: 'text', text: 'Derde' }],
    ]);
    expect(summaryParagraphs('   \n\n ')).toEqual([]);
  });

  it('turns http(s) URLs into links and leaves trailing punctuation as text', () => {
    expect(linkify('Zie https://example.nl/plan.')).toEqual([
      { kind: 'text', text: 'Zie ' },
      { kind: 'link', href: 'https://example.nl/plan', text: 'https://example.nl/plan' },
      { kind: 'text', text: '.' },
    ]);
    expect(linkify('(meer: http://a.nl/x?y=1&z=2), klaar')).toEqual([
      { kind: 'text', text: '(meer: ' },
      { kind: 'link', href: 'http://a.nl/x?y=1&z=2', text: 'http://a.nl/x?y=1&z=2' },
      { kind: 'text', text: '), klaar' },
    ]);
    // A balanced bracket belongs to the URL.
    expect(linkify('https://nl.wikipedia.org/wiki/Zuid_(Amsterdam)')[0]).toMatchObject({ kind: 'link', text: 'https://nl.wikipedia.org/wiki/Zuid_(Amsterdam)' });
  });

  it('never links other schemes and keeps markup as text', () => {
    const segs = linkify('javascript:alert(1) <a href="https://x.nl">x</a> data:text/html,<b>hi</b> ftp://f.nl');
    expect(segs.filter((s) => s.kind === 'link').map((s) => s.kind === 'link' && s.href)).toEqual(['https://x.nl/']);
    expect(segs.map((s) => s.text).join('')).toContain('<a href="');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('https://ok.nl/a b')).toBe('https://ok.nl/a%20b');
  });

  it('handles a bare scheme without a host as text', () => {
    expect(linkify('http:// niets')).toEqual([{ kind: 'text', text: 'http:// niets' }]);
  });
});
