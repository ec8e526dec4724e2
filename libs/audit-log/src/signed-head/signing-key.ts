import { createPrivateFileOnce } from '@lib/private-files';
import { type KeyObject, createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { keyIdOfKey } from './key-id';
import { faultOfHead, signedContentOf } from './tree-head-signature';
import type { SignedTreeHead, TreeHead } from './tree-head';

export { keyIdOf } from './key-id';

export const AUDIT_SIGNING_KEY_FILE = 'audit-signing-key';

const EXPECTED = 'Ed25519 private key in PKCS#8 PEM (-----BEGIN PRIVATE KEY-----)';

/** The Ed25519 key that signs the Merkle log's tree heads. */
export class AuditSigningKey {
  /** Names the public key, so a verifier can tell which key a head needs. */
  readonly keyId: string;
  /** SPKI PEM, for whoever verifies the heads. */
  readonly publicKeyPem: string;

  private constructor(private readonly privateKey: KeyObject) {
    const publicKey = createPublicKey(privateKey);
    this.publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    this.keyId = keyIdOfKey(publicKey);
  }

  /** A PKCS#8 PEM Ed25519 private key; anything else throws an Error saying what is expected, never echoing the key. */
  static fromPem(privateKeyPem: string): AuditSigningKey {
    const privateKey = ed25519PrivateKey(privateKeyPem);
    if (!privateKey) throw new Error(`the audit signing key must be an ${EXPECTED}`);
    return new AuditSigningKey(privateKey);
  }

  /** Signs {treeSize, rootHash, timestamp} under this key: adds keyId and signature. */
  sign(head: { treeSize: number; rootHash: string; timestamp: string }): SignedTreeHead {
    const fault = faultOfHead(head);
    if (fault) throw new RangeError(`cannot sign this tree head: ${fault}`);
    const { treeSize, rootHash, timestamp } = head;
    const unsigned: TreeHead = { treeSize, rootHash, timestamp, keyId: this.keyId };
    const signature = sign(null, Buffer.from(signedContentOf(unsigned)), this.privateKey).toString('hex');
    return { ...unsigned, signature };
  }
}

function ed25519PrivateKey(pem: unknown): KeyObject | undefined {
  // A string only: an object would be read as a JWK or a key buffer, not as the PEM text asked for.
  if (typeof pem !== 'string') return undefined;
  try {
    const key = createPrivateKey(pem);
    return key.asymmetricKeyType === 'ed25519' ? key : undefined;
  } catch {
    return undefined;
  }
}

export interface AuditSigningKeyOptions {
  /** The AUDIT_SIGNING_KEY setting (PEM text); empty counts as not set. */
  auditSigningKey?: string;
  dataDir: string;
}

/**
 * AUDIT_SIGNING_KEY when set, else the key kept in `<dataDir>/audit-signing-key`, generated on
 * first use. The file holds the PEM text, so it can be copied into AUDIT_SIGNING_KEY elsewhere.
 */
export function resolveAuditSigningKey({ auditSigningKey, dataDir }: AuditSigningKeyOptions): AuditSigningKey {
  if (auditSigningKey) return AuditSigningKey.fromPem(auditSigningKey);
  const path = join(dataDir, AUDIT_SIGNING_KEY_FILE);
  // Losing the key would orphan every head signed with it: the file is created durably, once.
  if (!existsSync(path)) createPrivateFileOnce(path, newPrivateKeyPem());
  return readKeyFile(path);
}

function newPrivateKeyPem(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

function readKeyFile(path: string): AuditSigningKey {
  const pem = readFileSync(path, 'utf8');
  try {
    return AuditSigningKey.fromPem(pem);
  } catch {
    throw new Error(
      `audit signing key file ${path} holds no ${EXPECTED}: restore it, or set AUDIT_SIGNING_KEY ` +
        '(heads already signed verify only under the key that signed them)',
    );
  }
}
