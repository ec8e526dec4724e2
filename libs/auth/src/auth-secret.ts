import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

/** HS256 key material; a string is used as its UTF-8 bytes. */
export type AuthSecret = Uint8Array | string;

export interface AuthSecretOptions {
  /** The AUTH_SECRET setting; empty counts as not set. */
  authSecret?: string;
  dataDir: string;
}

export const AUTH_SECRET_FILE = 'auth-secret';

/**
 * AUTH_SECRET if set, else the secret kept in `<dataDir>/auth-secret`, generated on first use.
 * The file holds text, so its content can be copied into AUTH_SECRET elsewhere to the same effect.
 */
export function resolveAuthSecret({ authSecret, dataDir }: AuthSecretOptions): AuthSecret {
  if (authSecret) return authSecret;
  const path = join(dataDir, AUTH_SECRET_FILE);
  if (!existsSync(path)) createSecretFile(dataDir, path);
  return readSecretFile(path);
}

/**
 * Writes the secret to a private temporary file, then links it into place: link fails with
 * EEXIST when another process got there first, and a reader never sees a half-written file.
 */
function createSecretFile(dataDir: string, path: string): void {
  mkdirSync(dataDir, { recursive: true });
  const temporaryPath = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  writeDurably(temporaryPath, randomBytes(32).toString('base64url'));
  try {
    linkSync(temporaryPath, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temporaryPath);
  }
}

function writeDurably(path: string, content: string): void {
  const fd = openSync(path, 'wx', 0o600);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function readSecretFile(path: string): string {
  const secret = readFileSync(path, 'utf8').trim();
  if (!secret)
    throw new Error(`auth secret file ${path} is empty: delete it to generate a new one, or set AUTH_SECRET`);
  return secret;
}
