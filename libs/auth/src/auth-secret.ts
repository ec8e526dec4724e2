import { createPrivateFileOnce } from '@lib/private-files';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
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
  const created = !existsSync(path) && createPrivateFileOnce(path, randomBytes(32).toString('base64url'));
  return { secret: readSecretFile(path), source: { kind: 'file', path, created } };
}

function readSecretFile(path: string): string {
  const secret = readFileSync(path, 'utf8').trim();
  if (!secret)
    throw new Error(`auth secret file ${path} is empty: delete it to generate a new one, or set AUTH_SECRET`);
  return secret;
}
