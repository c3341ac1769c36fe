/**
 * multipart/form-data uploads (RFC 7578) with multer: files go to a fresh folder under a temp root, text fields to
 * an object. Size limit on everything together: the request is refused with 413 `payload_too_large` as soon as it
 * is known to be too large: at once by its Content-Length, otherwise while it streams. The connection is then closed
 * after the answer, so the rest of the body is neither read nor written anywhere. The temp folder is removed
 * after the handler and after every failure.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Request, Response } from 'express';
import multer, { MulterError } from 'multer';
import { ErrorCode } from '../../../shared/index.js';
import { DomainError } from '../domain/errors.js';
import type { UploadedFile } from './route-table.js';

export interface MultipartOptions {
  /** Folder under which each request gets its own temp folder (created when missing). */
  tmpRoot: string;
  /** Largest total of all files, bytes. */
  maxBytes: number;
  /** The files field. */
  field: string;
  /** Most files in one request. */
  maxFiles: number;
}

/** Room for the multipart boundaries, part headers and text fields on top of the files themselves. */
export const MULTIPART_OVERHEAD = 64 * 1024;

const MIB = (n: number) => `${(n / 1024 / 1024).toFixed(n < 1024 * 1024 ? 3 : 0)} MiB`;

/** Answers 413 and closes the connection once the answer is out, so the client's remaining bytes are never read. */
function tooLarge(req: Request, res: Response, maxBytes: number): DomainError {
  res.setHeader('Connection', 'close');
  res.once('finish', () => req.socket.destroy());
  return new DomainError(ErrorCode.payloadTooLarge, `The upload is larger than the ${MIB(maxBytes)} (${maxBytes} bytes) this server accepts.`);
}

function fromMulter(err: unknown, opts: MultipartOptions): DomainError {
  if (err instanceof DomainError) return err;
  if (err instanceof MulterError) {
    switch (err.code) {
      case 'LIMIT_FILE_COUNT':
        return new DomainError(ErrorCode.badUpload, `Send at most ${opts.maxFiles} files in one upload.`);
      case 'LIMIT_UNEXPECTED_FILE':
        return new DomainError(ErrorCode.badUpload, `Files go in the form field "${opts.field}"; got a file in "${err.field}".`);
      default:
        return new DomainError(ErrorCode.badUpload, `The multipart form is not accepted: ${err.message}.`);
    }
  }
  return new DomainError(ErrorCode.badUpload, `The multipart/form-data body cannot be read: ${(err as Error)?.message ?? String(err)}.`);
}

/**
 * Reads one multipart request.
 * @returns the files (client name, temp path, size), the text fields, and `cleanup` (removes the temp folder)
 * @throws DomainError payload_too_large (over `maxBytes`), bad_upload (not multipart, no file, wrong field,
 *   malformed body)
 */
export async function readMultipart(req: Request, res: Response, opts: MultipartOptions) {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > opts.maxBytes + MULTIPART_OVERHEAD) throw tooLarge(req, res, opts.maxBytes);
  if (!req.is('multipart/form-data')) {
    throw new DomainError(ErrorCode.badUpload, `Send the files as multipart/form-data in the field "${opts.field}".`);
  }
  const dir = path.join(opts.tmpRoot, randomUUID());
  await fs.mkdir(dir, { recursive: true });
  const cleanup = () => fs.rm(dir, { recursive: true, force: true }).catch(() => undefined);
  const upload = multer({
    storage: multer.diskStorage({ destination: dir, filename: (_req, _file, cb) => cb(null, randomUUID()) }),
    limits: { fileSize: opts.maxBytes, files: opts.maxFiles, fields: 20, fieldSize: 4096, parts: opts.maxFiles + 20 },
    defParamCharset: 'utf8',
    // Count the raw body as it streams: refuse as soon as it cannot fit any more.
    streamHandler: (r: Request, busboy: NodeJS.WritableStream) => {
      let received = 0;
      const count = (chunk: Buffer) => {
        received += chunk.length;
        if (received > opts.maxBytes + MULTIPART_OVERHEAD) {
          r.off('data', count);
          overLimit?.();
        }
      };
      r.on('data', count);
      r.pipe(busboy);
    },
  } as multer.Options).array(opts.field, opts.maxFiles);
  let overLimit: (() => void) | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      overLimit = () => reject(tooLarge(req, res, opts.maxBytes));
      upload(req, res, (err: unknown) => {
        if (!err) return resolve();
        if (err instanceof MulterError && err.code === 'LIMIT_FILE_SIZE') return reject(tooLarge(req, res, opts.maxBytes));
        reject(fromMulter(err, opts));
      });
    });
  } catch (err) {
    await cleanup();
    // multer may still be finishing a file it had started; clean again once the request is gone
    req.once('close', () => void cleanup());
    throw err;
  }
  const files: UploadedFile[] = ((req.files as Express.Multer.File[] | undefined) ?? []).map((f) => ({
    name: f.originalname,
    path: f.path,
    bytes: f.size,
  }));
  const total = files.reduce((n, f) => n + f.bytes, 0);
  if (total > opts.maxBytes) {
    await cleanup();
    throw tooLarge(req, res, opts.maxBytes);
  }
  if (files.length === 0) {
    await cleanup();
    throw new DomainError(ErrorCode.badUpload, `Send one or more files in the form field "${opts.field}".`);
  }
  return { files, fields: { ...(req.body as Record<string, unknown>) }, cleanup };
}
