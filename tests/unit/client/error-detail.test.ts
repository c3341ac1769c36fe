/**
 * The Dutch UI never shows the server's English message for moderation refusals (issue 6): the blocked words and
 * until when an account is muted or banned come from the problem's `errors` and are worded in the UI language.
 */
import { describe, expect, it } from 'vitest';
import type { TFunction } from 'i18next';
import { ApiError } from '../../../client/src/api/errors.js';
import i18next from 'i18next';
import { nl as nlStrings } from '../../../client/src/i18n/nl.js';
import { errorDetail } from '../../../client/src/ui/ErrorText.js';

const i18n = i18next.createInstance();
await i18n.init({ resources: { nl: { translation: nlStrings } }, lng: 'nl', initAsync: false, interpolation: { escapeValue: false } });
const nl = i18n.getFixedT('nl') as unknown as TFunction;

describe('errorDetail', () => {
  it('names the blocked and held words in Dutch, each once', () => {
    const e = new ApiError('content_blocked', 'The text contains "kutzooi", which is not allowed here.', 422, [
      { path: 'body', message: 'blocked word: kutzooi' },
      { path: 'title', message: 'blocked word: kutzooi' },
      { path: 'body', message: 'word held for review: idioten' },
    ]);
    expect(errorDetail(nl, e, 'nl')).toBe('Niet toegestaan: “kutzooi”, “idioten”.');
  });
  it('says until when a mute or ban lasts, in Amsterdam time, or that it is for good', () => {
    const muted = new ApiError('account_muted', 'This account is muted until 2026-12-01 04:49 Amsterdam time', 403, [
      { path: 'until', message: '2026-12-01T03:49:00.000Z' },
    ]);
    const text = errorDetail(nl, muted, 'nl')!;
    expect(text).toMatch(/^Dit geldt tot .*1 dec.* 2026.*04:49/);
    expect(text).not.toMatch(/Amsterdam time|muted/);
    const banned = new ApiError('account_banned', 'This account is banned for good.', 403, [{ path: 'until', message: 'forever' }]);
    expect(errorDetail(nl, banned, 'nl')).toBe('Dit geldt voor onbepaalde tijd.');
  });
  it('adds nothing for other codes or without the fields', () => {
    expect(errorDetail(nl, new ApiError('account_muted', 'x', 403, []), 'nl')).toBeNull();
    expect(errorDetail(nl, new ApiError('forbidden', 'x', 403, [{ path: 'until', message: 'forever' }]), 'nl')).toBeNull();
  });
});
