/**
 * THE CSV writer of the server (RFC 4180): poll results (poll-record.ts) and the open-data files (open-data.ts)
 * both go through `csvCell`, so formula neutralising is done in one place.
 */

/**
 * One CSV cell (RFC 4180 §2): quoted when it holds `"`, `,`, CR or LF (quotes doubled). A text cell starting with
 * `=`, `+`, `-`, `@`, tab or CR gets a leading `'` so spreadsheets do not run it as a formula (OWASP "CSV
 * injection"). Numbers are written as they are (a negative count stays a number); null/undefined → empty cell.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Lines joined with CRLF (RFC 4180), a CRLF after the last one. */
export function csvLines(rows: (string | number | boolean | null | undefined)[][]): string {
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** A whole CSV document: UTF-8 byte order mark (spreadsheets then read UTF-8), a header row, then the rows. */
export function csvDocument(header: string[], rows: (string | number | boolean | null | undefined)[][]): string {
  return '\uFEFF' + csvLines([header, ...rows]);
}
