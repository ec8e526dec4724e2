import { createCipheriv, createDecipheriv, randomFillSync } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A sealed value did not open: the key is not the one it was sealed with, or its bytes or context changed. */
export class UnopenableValue extends Error {
  override readonly name = 'UnopenableValue';
}

/**
 * Random bytes for the IVs, drawn a few kilobytes at a time: one call into the random source
 * per IV cost as much as the encryption of a short value.
 */
const ivPool = Buffer.alloc(IV_BYTES * 512);
let ivPoolUsed = ivPool.length;

/** A fresh random IV; valid until the next call (the cipher copies it at once). */
function nextIv(): Buffer {
  if (ivPoolUsed === ivPool.length) {
    randomFillSync(ivPool);
    ivPoolUsed = 0;
  }
  ivPoolUsed += IV_BYTES;
  return ivPool.subarray(ivPoolUsed - IV_BYTES, ivPoolUsed);
}

/** AES-256-GCM under `key`, a fresh IV each time, bound to `context`: IV, tag and ciphertext, in that order. */
export function seal(key: Buffer, context: string, plaintext: Buffer): Buffer {
  const iv = nextIv();
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES }).setAAD(Buffer.from(context));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]);
}

/** The plaintext `seal` was given; throws UnopenableValue unless key, context and bytes are all as sealed. */
export function open(key: Buffer, context: string, sealed: Buffer): Buffer {
  if (sealed.length < IV_BYTES + TAG_BYTES) throw new UnopenableValue('too short to be a sealed value');
  const decipher = createDecipheriv(ALGORITHM, key, sealed.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES })
    .setAAD(Buffer.from(context))
    .setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch {
    throw new UnopenableValue('the value does not open under this key and context');
  }
}
