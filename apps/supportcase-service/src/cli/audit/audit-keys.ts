import { createPublicKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AUDIT_SIGNING_KEY_FILE, AuditSigningKey, type SignedTreeHead } from '@lib/audit-log';
import { SUPPORT_CASE_STREAM_PREFIX } from '@lib/domain';
import { AuditCliError } from './audit-cli-error';

export interface PublicKeySource {
  /** --public-key FILE. */
  readonly publicKeyFile?: string;
  /** AUDIT_SIGNING_KEY, already checked by loadConfig. */
  readonly auditSigningKey?: string;
  /** DATA_DIR, where the service keeps audit-signing-key. */
  readonly dataDir?: string;
}

/**
 * The SPKI PEM public key the heads are checked with: --public-key FILE, else the public half of
 * AUDIT_SIGNING_KEY, else of DATA_DIR/audit-signing-key. Never creates a key: a key created now
 * would verify nothing.
 */
export function resolvePublicKey({ publicKeyFile, auditSigningKey, dataDir }: PublicKeySource): string {
  if (publicKeyFile !== undefined) return publicKeyIn(publicKeyFile);
  if (auditSigningKey) return AuditSigningKey.fromPem(auditSigningKey).publicKeyPem;
  const keyFile = dataDir === undefined ? undefined : join(dataDir, AUDIT_SIGNING_KEY_FILE);
  if (keyFile !== undefined && existsSync(keyFile)) {
    try {
      return AuditSigningKey.fromPem(readFileSync(keyFile, 'utf8')).publicKeyPem;
    } catch {
      throw new AuditCliError(`${keyFile} holds no Ed25519 private key (PKCS#8 PEM)`);
    }
  }
  throw new AuditCliError(
    'no public key to check the signed heads with: pass --public-key FILE (SPKI PEM: the publicKeyPem of ' +
      `GET /audit/public-key), or set AUDIT_SIGNING_KEY, or set DATA_DIR to the service's data directory, which keeps ` +
      `${AUDIT_SIGNING_KEY_FILE}${keyFile === undefined ? '' : ` (there is no ${keyFile})`}`,
  );
}

function publicKeyIn(file: string): string {
  const text = readText(file, '--public-key');
  try {
    const key = createPublicKey(text);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('not Ed25519');
    return key.export({ type: 'spki', format: 'pem' }).toString();
  } catch {
    throw new AuditCliError(`--public-key ${file} holds no Ed25519 public key (SPKI PEM)`);
  }
}

const HEAD_FIELDS = ['treeSize', 'rootHash', 'timestamp', 'keyId', 'signature'] as const;

/** A signed head kept outside the store, as GET /audit/checkpoint returns it. */
export function trustedHeadIn(file: string): SignedTreeHead {
  let value: unknown;
  try {
    value = JSON.parse(readText(file, '--trusted-head'));
  } catch (error) {
    if (error instanceof AuditCliError) throw error;
    throw new AuditCliError(`--trusted-head ${file} holds no JSON`);
  }
  const head = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const missing = HEAD_FIELDS.filter((field) => !(field in head));
  if (missing.length > 0) {
    throw new AuditCliError(
      `--trusted-head ${file} is no signed head: it lacks ${missing.join(', ')} (save GET /audit/checkpoint's answer)`,
    );
  }
  const [treeSize, rootHash, timestamp, keyId, signature] = HEAD_FIELDS.map((field) => head[field]);
  return { treeSize, rootHash, timestamp, keyId, signature } as SignedTreeHead;
}

export function readText(file: string, option: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new AuditCliError(`${option} ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** A support case stream by its case id, as the API names it; any other stream by its id. */
export function describeStream(streamId: string): string {
  return streamId.startsWith(SUPPORT_CASE_STREAM_PREFIX)
    ? `case ${streamId.slice(SUPPORT_CASE_STREAM_PREFIX.length)}`
    : `stream ${streamId}`;
}
