/** The same-origin rule for writes and socket handshakes (Fetch Metadata + Origin, OWASP CSRF cheat sheet). */
import { describe, expect, it } from 'vitest';
import { crossOriginReason } from '../../../server/src/http/origin.js';

const policy = { trustProxy: false };

describe('crossOriginReason', () => {
  it('lets through requests without browser headers (curl, servers)', () => {
    expect(crossOriginReason({ host: 'localhost:3000' }, false, policy)).toBeNull();
  });

  it('accepts the app origin as addressed by Host', () => {
    expect(crossOriginReason({ host: 'localhost:3000', origin: 'http://localhost:3000', 'sec-fetch-site': 'same-origin' }, false, policy)).toBeNull();
    expect(crossOriginReason({ host: 'stad.nl', origin: 'https://stad.nl' }, true, policy)).toBeNull();
    expect(crossOriginReason({ host: 'x', 'sec-fetch-site': 'none' }, false, policy)).toBeNull();
  });

  it('refuses other origins, null origins and cross-site or same-site fetch metadata', () => {
    expect(crossOriginReason({ host: 'localhost:3000', origin: 'https://evil.example' }, false, policy)).toMatch(/evil/);
    expect(crossOriginReason({ host: 'localhost:3000', origin: 'http://localhost:3001' }, false, policy)).not.toBeNull();
    expect(crossOriginReason({ host: 'stad.nl', origin: 'http://stad.nl' }, true, policy)).not.toBeNull(); // scheme differs
    expect(crossOriginReason({ host: 'localhost:3000', origin: 'null' }, false, policy)).not.toBeNull();
    expect(crossOriginReason({ host: 'localhost:3000', 'sec-fetch-site': 'cross-site' }, false, policy)).not.toBeNull();
    expect(crossOriginReason({ host: 'a.stad.nl', 'sec-fetch-site': 'same-site' }, false, policy)).not.toBeNull();
    expect(crossOriginReason({ host: 'localhost:3000', origin: 'not a url' }, false, policy)).not.toBeNull();
  });

  it('uses PUBLIC_ORIGIN and, only when trusted, X-Forwarded-* behind a proxy', () => {
    const behind = { host: '127.0.0.1:3000', origin: 'https://stad.example.nl' };
    expect(crossOriginReason(behind, false, policy)).not.toBeNull();
    expect(crossOriginReason(behind, false, { trustProxy: false, publicOrigin: 'https://stad.example.nl' })).toBeNull();
    const forwarded = { ...behind, 'x-forwarded-host': 'stad.example.nl', 'x-forwarded-proto': 'https' };
    expect(crossOriginReason(forwarded, false, policy)).not.toBeNull();
    expect(crossOriginReason(forwarded, false, { trustProxy: true })).toBeNull();
  });
});
