import canonicalize from 'canonicalize';
import { type KeyObject, createPublicKey, verify } from 'node:crypto';
import { keyIdOfKey } from './key-id';
import type { SignedTreeHead, TreeHead } from './tree-head';

const HEX_HASH = /^[0-9a-f]{64}$/;
/**
 * Lower-case hex, not base64: base64 has unused bits in its last character, so a changed
 * character can decode to the same bytes and a changed head would still carry a "valid" signature.
 */
const SIGNATURE = /^[0-9a-f]{128}$/;
/** ISO-8601 in UTC, as Date.prototype.toISOString writes it (milliseconds optional). */
const UTC_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;

/** The bytes signed: RFC 8785 canonical JSON of {treeSize, rootHash, timestamp, keyId}. */
export function signedContentOf(head: TreeHead): string {
  const { treeSize, rootHash, timestamp, keyId } = head;
  const content = canonicalize({ treeSize, rootHash, timestamp, keyId });
  if (content === undefined) throw new TypeError('a tree head is no JSON value');
  return content;
}

/** Why these are no tree head's fields, or undefined when they are. */
export function faultOfHead(head: { treeSize: unknown; rootHash: unknown; timestamp: unknown }): string | undefined {
  const { treeSize, rootHash, timestamp } = head;
  if (!Number.isSafeInteger(treeSize) || (treeSize as number) < 0) return `treeSize ${String(treeSize)} is no size`;
  if (typeof rootHash !== 'string' || !HEX_HASH.test(rootHash)) return 'rootHash is not 64 lower-case hex digits';
  if (typeof timestamp !== 'string' || !UTC_TIMESTAMP.test(timestamp) || Number.isNaN(Date.parse(timestamp))) {
    return `timestamp ${JSON.stringify(timestamp)} is no ISO-8601 UTC time`;
  }
  return undefined;
}

/**
 * True when the head's keyId is the key's id and its signature (128 lower-case hex digits)
 * verifies under the public key. Never throws on malformed input.
 */
export function verifyTreeHead(head: SignedTreeHead, publicKeyPem: string): boolean {
  if (typeof head !== 'object' || head === null || faultOfHead(head) !== undefined) return false;
  if (typeof head.signature !== 'string' || !SIGNATURE.test(head.signature)) return false;
  const publicKey = ed25519PublicKey(publicKeyPem);
  if (!publicKey || head.keyId !== keyIdOfKey(publicKey)) return false;
  return verify(null, Buffer.from(signedContentOf(head)), publicKey, Buffer.from(head.signature, 'hex'));
}

function ed25519PublicKey(pem: unknown): KeyObject | undefined {
  if (typeof pem !== 'string') return undefined;
  try {
    const key = createPublicKey(pem);
    return key.asymmetricKeyType === 'ed25519' ? key : undefined;
  } catch {
    return undefined;
  }
}
