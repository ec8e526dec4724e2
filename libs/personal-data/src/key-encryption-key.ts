import { createPrivateFileOnce } from '@lib/private-files';
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { open, seal } from './aes-gcm';

export const DATA_ENCRYPTION_KEY_FILE = 'data-encryption-key';
export const KEY_BYTES = 32;

const EXPECTED = `${KEY_BYTES} random bytes in base64 (openssl rand -base64 ${KEY_BYTES})`;

/**
 * The key-encryption key: it wraps every case's data key, and is kept apart from the keys it
 * wraps. Its id names it without revealing it, so a key store can say which key it needs.
 */
export class KeyEncryptionKey {
  readonly id: string;

  private constructor(private readonly key: Buffer) {
    this.id = createHmac('sha256', key).update('key-encryption-key id').digest('hex').slice(0, 16);
  }

  /** Base64 of 32 bytes; anything else throws an Error saying what is expected, never echoing the key. */
  static fromBase64(text: string): KeyEncryptionKey {
    const key = Buffer.from(text.trim(), 'base64');
    if (key.length !== KEY_BYTES || key.toString('base64') !== text.trim()) {
      throw new Error(`a data encryption key must be ${EXPECTED}`);
    }
    return new KeyEncryptionKey(key);
  }

  static generate(): KeyEncryptionKey {
    return new KeyEncryptionKey(randomBytes(KEY_BYTES));
  }

  toBase64(): string {
    return this.key.toString('base64');
  }

  /** A subject's data key, sealed under this key and bound to the subject, so it opens for no other. */
  wrap(subject: string, dataKey: Buffer): Buffer {
    return seal(this.key, wrappingContext(subject), dataKey);
  }

  /** Throws UnopenableValue unless `wrapped` is the subject's key, wrapped under this key. */
  unwrap(subject: string, wrapped: Buffer): Buffer {
    return open(this.key, wrappingContext(subject), wrapped);
  }
}

function wrappingContext(subject: string): string {
  return `data key of ${subject}`;
}

export interface KeyEncryptionKeyOptions {
  /** The DATA_ENCRYPTION_KEY setting (base64); empty counts as not set. */
  readonly dataEncryptionKey?: string;
  readonly dataDir: string;
}

/** Where the key-encryption key came from, for messages that tell the operator what to fix. */
export interface ResolvedKeyEncryptionKey {
  readonly key: KeyEncryptionKey;
  readonly source: string;
}

/**
 * DATA_ENCRYPTION_KEY when set, else the key kept in `<dataDir>/data-encryption-key`, generated
 * on first use (0600). Losing it loses every case's personal data: it is created durably, once.
 */
export function resolveKeyEncryptionKey({
  dataEncryptionKey,
  dataDir,
}: KeyEncryptionKeyOptions): ResolvedKeyEncryptionKey {
  if (dataEncryptionKey) return { key: KeyEncryptionKey.fromBase64(dataEncryptionKey), source: 'DATA_ENCRYPTION_KEY' };
  const path = join(dataDir, DATA_ENCRYPTION_KEY_FILE);
  if (!existsSync(path)) createPrivateFileOnce(path, `${KeyEncryptionKey.generate().toBase64()}\n`);
  const content = readFileSync(path, 'utf8');
  try {
    return { key: KeyEncryptionKey.fromBase64(content), source: path };
  } catch {
    throw new Error(`data encryption key file ${path} holds no ${EXPECTED}: restore it from its backup`);
  }
}
