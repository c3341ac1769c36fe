/**
 * The session cookie: httpOnly (no script reads it), SameSite=Lax (not sent on cross-site subrequests or
 * POSTs), Path=/, Secure when the app is served over https (RFC 6265bis). Holds the raw token; the database
 * keeps only its SHA-256.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Request, Response } from 'express';
import { parseCookie } from 'cookie';

export const SESSION_COOKIE = 'ds_session';

/** The session token from a Cookie header, if any. */
export function sessionTokenFrom(headers: IncomingHttpHeaders): string | undefined {
  const header = headers.cookie;
  if (!header) return undefined;
  try {
    return parseCookie(header)[SESSION_COOKIE] || undefined;
  } catch {
    return undefined;
  }
}

function isSecure(req: Request, publicOrigin?: string): boolean {
  return req.secure || (publicOrigin?.startsWith('https:') ?? false);
}

export function setSessionCookie(req: Request, res: Response, token: string, expiresAt: Date, publicOrigin?: string): void {
  res.cookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: isSecure(req, publicOrigin),
    expires: expiresAt,
  });
}

export function clearSessionCookie(req: Request, res: Response, publicOrigin?: string): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', path: '/', secure: isSecure(req, publicOrigin) });
}
