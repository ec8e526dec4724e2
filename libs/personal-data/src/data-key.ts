import { open, seal, UnopenableValue } from './aes-gcm';

/** What every sealed value starts with, so a value in the clear is never taken for one. */
export const SEALED_PREFIX = 'sealed:';

export function isSealed(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(SEALED_PREFIX);
}

/**
 * One subject's data key. Each value is sealed with a fresh IV and bound to the subject and its
 * path, so a sealed value moved to another field or another case no longer opens.
 */
export class DataKey {
  constructor(
    readonly subject: string,
    private readonly key: Buffer,
  ) {}

  seal(path: string, plaintext: string): string {
    return SEALED_PREFIX + seal(this.key, this.context(path), Buffer.from(plaintext, 'utf8')).toString('base64');
  }

  /** Throws UnopenableValue when the value was not sealed under this key at this path, or was changed. */
  open(path: string, sealed: string): string {
    const text = sealed.slice(SEALED_PREFIX.length);
    const bytes = Buffer.from(text, 'base64');
    // The decoder skips stray characters: a text that is not exactly the bytes' base64 was changed.
    if (bytes.toString('base64') !== text) throw new UnopenableValue('the sealed value is not canonical base64');
    return open(this.key, this.context(path), bytes).toString('utf8');
  }

  private context(path: string): string {
    return `${this.subject}\n${path}`;
  }
}
