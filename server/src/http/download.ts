/**
 * Downloads: one way to answer a file (exports of poll results, open data, personal data) with
 * `Content-Disposition: attachment` (RFC 6266) and a safe ASCII file name.
 */
import type { Response } from 'express';

/** `prefix-<id>-suffix` with the id reduced to `[A-Za-z0-9_-]` so it can never break the header. */
export function downloadName(prefix: string, id: string, suffix: string): string {
  return `${prefix}-${id.replace(/[^A-Za-z0-9_-]/g, '')}-${suffix}`;
}

/** Marks the response as a download named `name` (the route then returns its JSON body as usual). */
export function asDownload(res: Response, name: string): void {
  res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
}

/** Sends `text` as a 200 download of `contentType` (e.g. `text/csv; charset=utf-8`); returns the route result. */
export function sendDownload(res: Response, contentType: string, name: string, text: string): { status: number } {
  res.status(200);
  res.setHeader('Content-Type', contentType);
  asDownload(res, name);
  res.send(text);
  return { status: 200 };
}
