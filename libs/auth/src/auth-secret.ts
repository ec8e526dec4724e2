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

/** Where the secret came from, so a tool can say which one it used without showing it. */
export type AuthSecretSource =
  { readonly kind: 'environment' } | { readonly kind: 'file'; readonly path: string; readonly created: boolean };

export interface ResolvedAuthSecret {
  readonly secret: AuthSecret;
  readonly source: AuthSecretSource;
}

/**
 * AUTH_SECRET if set, else the secret kept in `<dataDir>/auth-secret`, generated on first use.
 * The file holds text, so its content can be copied into AUTH_SECRET elsewhere to the same effect.
 */
export function resolveAuthSecret(options: AuthSecretOptions): AuthSecret {
  return resolveAuthSecretWithSource(options).secret;
}

/** As resolveAuthSecret, and says where the secret came from and whether this call created the file. */
export function resolveAuthSecretWithSource({ authSecret, dataDir }: AuthSecretOptions): ResolvedAuthSecret {
  if (authSecret) return { secret: authSecret, source: { kind: 'environment' } };
  const path = join(dataDir, AUTH_SECRET_FILE);
  const created = !existsSync(path) && createSecretFile(dataDir, path);
  return { secret: readSecretFile(path), source: { kind: 'file', path, created } };
}

/**
 * Writes the secret to a private temporary file, then links it into place: link fails with
 * EEXIST when another process got there first, and a reader never sees a half-written file.
 * True when this call's secret is the one in place.
 */
function createSecretFile(dataDir: string, path: string): boolean {
  mkdirSync(dataDir, { recursive: true });
  const temporaryPath = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  writeDurably(temporaryPath, randomBytes(32).toString('base64url'));
  try {
    linkSync(temporaryPath, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return false;
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
