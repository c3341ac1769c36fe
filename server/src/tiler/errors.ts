/**
 * Errors of the tiler. A TilerError names the file and, where it is known, the place in it (1-based line and
 * column), so the CLI can print `file:line:column: message` (DESIGN.md, Habits: "Errors are answers").
 */

export type TilerErrorCode =
  | 'FILE_NOT_FOUND'
  | 'FILE_UNREADABLE'
  | 'JSON_SYNTAX'
  | 'NOT_CITYJSON'
  | 'VERSION_UNSUPPORTED'
  | 'CRS_MISSING'
  | 'CRS_UNSUPPORTED'
  | 'NO_FEATURES'
  | 'BAD_NAME'
  | 'MANIFEST_CORRUPT'
  | 'WRITE_FAILED'
  | 'NOT_GEOJSON'
  | 'NO_HEIGHT'
  | 'BAD_TILESET'
  | 'NOT_GEOREFERENCED';

export class TilerError extends Error {
  readonly code: TilerErrorCode;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;

  constructor(code: TilerErrorCode, message: string, where: { file?: string; line?: number; column?: number } = {}) {
    super(message);
    this.name = 'TilerError';
    this.code = code;
    this.file = where.file;
    this.line = where.line;
    this.column = where.column;
  }

  /** `file:line:column: message`, leaving out the parts that are unknown. */
  describe(): string {
    let place = this.file ?? '';
    if (this.file && this.line !== undefined) place += `:${this.line}`;
    if (this.file && this.line !== undefined && this.column !== undefined) place += `:${this.column}`;
    return place ? `${place}: ${this.message}` : this.message;
  }
}

/** Returns a readable one-line message for any thrown value. */
export function errorMessage(err: unknown): string {
  if (err instanceof TilerError) return err.describe();
  if (err instanceof Error) return err.message;
  return String(err);
}
