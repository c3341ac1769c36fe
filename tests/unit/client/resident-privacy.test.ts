/**
 * The pure parts of the resident privacy client (issue 6): the shortened match in the personal-data warning, the
 * held-answer check of a create's response, and the open-data links of a plan.
 */
import { describe, expect, it } from 'vitest';
import { isHeld, openDataLinks } from '../../../client/src/api/privacy.js';
import { abbreviate } from '../../../client/src/ui/personalData.js';

describe('resident privacy helpers', () => {
  it('abbreviates a match to 7 code points and an ellipsis', () => {
    expect(abbreviate('06-12345678')).toBe('06-1234…');
    expect(abbreviate('06-1234')).toBe('06-1234');
    expect(abbreviate('😀😀😀😀😀😀😀😀')).toBe('😀😀😀😀😀😀😀…');
  });

  it('tells a held answer from a stored object', () => {
    expect(isHeld({ held: true, kind: 'comment', id: 'c1' })).toBe(true);
    expect(isHeld({ held: true, kind: 'nonsense', id: 'c1' })).toBe(false);
    expect(isHeld({ id: 'c1', body: 'x' })).toBe(false);
    expect(isHeld(null)).toBe(false);
  });

  it("lists a plan's five open-data files under its id", () => {
    expect(openDataLinks('p/1').map((l) => l.href)).toEqual([
      '/api/v1/plans/p%2F1/open-data/comments.geojson',
      '/api/v1/plans/p%2F1/open-data/comments.csv',
      '/api/v1/plans/p%2F1/open-data/threads.geojson',
      '/api/v1/plans/p%2F1/open-data/threads.csv',
      '/api/v1/plans/p%2F1/open-data/polls.csv',
    ]);
  });
});
