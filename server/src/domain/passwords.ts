/**
 * Password hashing with scrypt (RFC 7914) from node:crypto, a random 16-byte salt per password, and a
 * constant-time comparison. Stored as a PHC-style string so the cost can be raised later without breaking
 * old hashes: `$scrypt$ln=15,r=8,p=1$<salt base64>$<hash base64>` (ln = log2 N).
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const KEY_LENGTH = 64;
const SALT_LENGTH = 16;
/** N = 2^15, r = 8, p = 1: about 32 MiB and some tens of milliseconds per hash. */
const DEFAULT_COST = { ln: 15, r: 8, p: 1 };

function scrypt(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

function options(ln: number, r: number, p: number): ScryptOptions {
  const N = 2 ** ln;
  return { N, r, p, maxmem: 128 * N * r * 2 };
}

/** Unicode-normalises (NFKC, as NIST SP 800-63B §5.1.1.2 suggests) so the same password typed differently matches. */
function normalise(password: string): string {
  return password.normalize('NFKC');
}

/** Hashes a password with a fresh salt; returns the PHC string. */
export async function hashPassword(password: string): Promise<string> {
  const { ln, r, p } = DEFAULT_COST;
  const salt = randomBytes(SALT_LENGTH);
  const key = await scrypt(normalise(password), salt, KEY_LENGTH, options(ln, r, p));
  return `$scrypt$ln=${ln},r=${r},p=${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

const PHC = /^\$scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/;

/** True when `password` matches the stored PHC string; false for a wrong password or a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const m = PHC.exec(stored);
  if (!m) return false;
  const [ln, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (ln < 10 || ln > 20 || r < 1 || r > 32 || p < 1 || p > 16) return false;
  const salt = Buffer.from(m[4], 'base64');
  const expected = Buffer.from(m[5], 'base64');
  const key = await scrypt(normalise(password), salt, expected.length, options(ln, r, p));
  return key.length === expected.length && timingSafeEqual(key, expected);
}

let dummy: Promise<string> | undefined;
/**
 * Spends the same work as a real check, for logins with an unknown e-mail address, so the answer time does
 * not tell which addresses have an account.
 */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummy ??= hashPassword('not-a-real-password');
  await verifyPassword(password, await dummy);
}
