import { type KeyObject, createHash, createPublicKey } from 'node:crypto';

/** First 16 hex digits of SHA-256 over the DER (SPKI) of the public key. */
export function keyIdOf(publicKeyPem: string): string {
  return keyIdOfKey(createPublicKey(publicKeyPem));
}

/** As keyIdOf, for a key already parsed; a private key is named by its public half. */
export function keyIdOfKey(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}
