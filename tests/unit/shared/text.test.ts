import { describe, expect, it } from 'vitest';
import { nameProblem, textProblem } from '../../../shared/text.js';
import { CreateCommentBody, RegisterBody } from '../../../shared/protocol.js';

describe('what counts as text', () => {
  it.each([
    ['Mooi plan voor de Schiedamseweg!\nMet een tweede regel.\tEn een tab.'],
    ['שלום עולם and العربية with \u2067isolated\u2069 RTL'],
    ['👩‍👩‍👧 family emoji with zero-width joiners'],
  ])('accepts %j in a comment', (s) => {
    expect(textProblem(s)).toBeNull();
    expect(CreateCommentBody.safeParse({ body: s, position: { lon: 4.4, lat: 51.9, height: 0 } }).success).toBe(true);
  });

  it.each([
    ['a\u0000b', /control/],
    ['bell\u0007', /control/],
    ['\ud800x', /surrogate/],
    ['Evil\u202Eenilno\u202C', /bidirectional/],
  ])('refuses %j in a comment', (s, why) => {
    expect(textProblem(s)).toMatch(why);
    expect(CreateCommentBody.safeParse({ body: s, position: { lon: 4.4, lat: 51.9, height: 0 } }).success).toBe(false);
  });

  it.each(['Anne de Vries', 'José', 'محمد', '👩‍👩‍👧'])('accepts the display name %j', (name) => {
    expect(nameProblem(name)).toBeNull();
  });

  it.each([
    ['\u200b', /invisible/],
    ['Anne\u200bde Vries', /invisible/],
    ['Evil\u202Eenilno\u202C', /bidirectional/],
    ['two\nlines', /one line/],
    ['a\u0000b', /control/],
  ])('refuses the display name %j', (name, why) => {
    expect(nameProblem(name)).toMatch(why);
    expect(RegisterBody.safeParse({ email: 'a@example.nl', password: 'long enough', displayName: name }).success).toBe(false);
  });
});
