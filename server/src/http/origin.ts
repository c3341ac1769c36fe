/**
 * Same-origin check for writes and socket handshakes (OWASP CSRF cheat sheet: "Fetch Metadata" and
 * "Verifying origin with standard headers"). Browsers send `Sec-Fetch-Site` and `Origin`; a request whose
 * Sec-Fetch-Site is `cross-site` or `same-site`, or whose Origin differs from the app's own origin, is
 * refused. Requests with neither header (curl, server-to-server) are not browser-driven and are let through.
 */
import type { IncomingHttpHeaders } from 'node:http';

export interface OriginPolicy {
  /** Configured public origin (PUBLIC_ORIGIN), when a proxy rewrites Host. */
  publicOrigin?: string;
  /** Whether X-Forwarded-Proto / X-Forwarded-Host may be believed (TRUST_PROXY set). */
  trustProxy: boolean;
}

function first(h: string | string[] | undefined): string | undefined {
  const v = Array.isArray(h) ? h[0] : h;
  return v?.split(',')[0]?.trim() || undefined;
}

/** The origins this request may legitimately come from: the app as addressed (Host) and PUBLIC_ORIGIN. */
export function ownOrigins(headers: IncomingHttpHeaders, encrypted: boolean, policy: OriginPolicy): string[] {
  const origins: string[] = [];
  if (policy.publicOrigin) origins.push(policy.publicOrigin);
  const host = (policy.trustProxy && first(headers['x-forwarded-host'])) || first(headers.host);
  const proto = (policy.trustProxy && first(headers['x-forwarded-proto'])) || (encrypted ? 'https' : 'http');
  if (host) {
    try {
      origins.push(new URL(`${proto}://${host}`).origin);
    } catch {
      // a Host header that is no host: nothing to add
    }
  }
  return origins;
}

/**
 * Why a request is refused as cross-origin, or null when it may proceed.
 * @param encrypted whether the connection itself is TLS.
 */
export function crossOriginReason(headers: IncomingHttpHeaders, encrypted: boolean, policy: OriginPolicy): string | null {
  const site = first(headers['sec-fetch-site'])?.toLowerCase();
  if (site === 'cross-site' || site === 'same-site') return `Sec-Fetch-Site is ${site}`;
  const origin = first(headers.origin);
  if (origin === undefined) return null;
  if (origin === 'null') return 'Origin is null';
  let normalised: string;
  try {
    normalised = new URL(origin).origin;
  } catch {
    return `Origin ${JSON.stringify(origin)} is not a URL`;
  }
  return ownOrigins(headers, encrypted, policy).includes(normalised) ? null : `Origin ${normalised} is not this app`;
}
