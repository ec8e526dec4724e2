import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { modesUnder } from '@lib/private-files/testing';
import { UnopenableValue } from './aes-gcm';
import { DATA_ENCRYPTION_KEY_FILE, KeyEncryptionKey, resolveKeyEncryptionKey } from './key-encryption-key';

/** The error `work` throws; fails the test when it throws none. */
function errorOf(work: () => unknown): Error {
  try {
    work();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error, but none was thrown');
}

describe('KeyEncryptionKey', () => {
  describe('fromBase64', () => {
    it('takes 32 random bytes in base64, as openssl rand -base64 32 gives them', () => {
      const text = randomBytes(32).toString('base64');

      expect(KeyEncryptionKey.fromBase64(text).toBase64()).toBe(text);
    });

    it('takes the key with the line end a file or a shell adds', () => {
      const text = randomBytes(32).toString('base64');

      expect(KeyEncryptionKey.fromBase64(`${text}\n`).toBase64()).toBe(text);
    });

    it.each([
      ['no bytes', ''],
      ['16 bytes', randomBytes(16).toString('base64')],
      ['31 bytes', randomBytes(31).toString('base64')],
      ['33 bytes', randomBytes(33).toString('base64')],
      ['64 bytes', randomBytes(64).toString('base64')],
      ['32 bytes in hex', randomBytes(32).toString('hex')],
      ['text that is no base64', 'correct horse battery staple, my secret!!!!'],
      ['32 bytes in URL-safe base64', Buffer.alloc(32, 0xfb).toString('base64url')],
    ])('refuses %s, saying what it expects and not echoing what it was given', (_, text) => {
      const error = errorOf(() => KeyEncryptionKey.fromBase64(text));

      expect(error.message).toMatch(/32 random bytes in base64/);
      if (text !== '') expect(error.message).not.toContain(text);
    });
  });

  describe('id', () => {
    it('is 16 lower-case hex digits, the same for one key however it is read', () => {
      const text = randomBytes(32).toString('base64');

      const id = KeyEncryptionKey.fromBase64(text).id;

      expect(id).toMatch(/^[0-9a-f]{16}$/);
      expect(KeyEncryptionKey.fromBase64(`${text}\n`).id).toBe(id);
    });

    it('differs between two keys', () => {
      expect(KeyEncryptionKey.generate().id).not.toBe(KeyEncryptionKey.generate().id);
    });

    it('reveals none of the key', () => {
      const key = KeyEncryptionKey.generate();
      const hex = Buffer.from(key.toBase64(), 'base64').toString('hex');

      expect(hex).not.toContain(key.id);
      expect(key.toBase64()).not.toContain(key.id);
    });
  });

  describe('wrap and unwrap', () => {
    const key = KeyEncryptionKey.generate();
    const dataKey = randomBytes(32);

    it("gives back the subject's data key, which the wrapped bytes do not show", () => {
      const wrapped = key.wrap('case-1', dataKey);

      expect(wrapped.includes(dataKey)).toBe(false);
      expect(key.unwrap('case-1', wrapped)).toEqual(dataKey);
    });

    it('does not unwrap a key wrapped for another subject', () => {
      expect(() => key.unwrap('case-2', key.wrap('case-1', dataKey))).toThrow(UnopenableValue);
    });

    it('does not unwrap a key wrapped under another key-encryption key', () => {
      expect(() => KeyEncryptionKey.generate().unwrap('case-1', key.wrap('case-1', dataKey))).toThrow(UnopenableValue);
    });
  });
});

describe('resolveKeyEncryptionKey', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'key-encryption-key-'));
  });

  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('uses DATA_ENCRYPTION_KEY when set, and keeps no file', () => {
    const text = randomBytes(32).toString('base64');

    const { key, source } = resolveKeyEncryptionKey({ dataEncryptionKey: text, dataDir });

    expect(key.toBase64()).toBe(text);
    expect(source).toBe('DATA_ENCRYPTION_KEY');
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('refuses a DATA_ENCRYPTION_KEY that is no key, without echoing it', () => {
    const text = 'my-database-password-is-not-a-key';

    const error = errorOf(() => resolveKeyEncryptionKey({ dataEncryptionKey: text, dataDir }));

    expect(error.message).not.toContain(text);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('creates a key file in the data directory, readable by its owner only, when DATA_ENCRYPTION_KEY is not set', () => {
    const { key, source } = resolveKeyEncryptionKey({ dataDir });

    const file = join(dataDir, DATA_ENCRYPTION_KEY_FILE);
    expect(source).toBe(file);
    expect(modesUnder(dataDir)).toEqual({ [DATA_ENCRYPTION_KEY_FILE]: 0o600 });
    expect(readFileSync(file, 'utf8').trim()).toBe(key.toBase64());
  });

  it('takes an empty DATA_ENCRYPTION_KEY as not set', () => {
    const { source } = resolveKeyEncryptionKey({ dataEncryptionKey: '', dataDir });

    expect(source).toBe(join(dataDir, DATA_ENCRYPTION_KEY_FILE));
    expect(readdirSync(dataDir)).toEqual([DATA_ENCRYPTION_KEY_FILE]);
  });

  it('creates a data directory that is missing, open to its owner only', () => {
    const nested = join(dataDir, 'data');

    resolveKeyEncryptionKey({ dataDir: nested });

    expect(modesUnder(dataDir)).toEqual({ data: 0o700, [`data/${DATA_ENCRYPTION_KEY_FILE}`]: 0o600 });
  });

  it('reads the key it created on every later call, leaving the file as it was', () => {
    const first = resolveKeyEncryptionKey({ dataDir });
    const content = readFileSync(join(dataDir, DATA_ENCRYPTION_KEY_FILE), 'utf8');

    const second = resolveKeyEncryptionKey({ dataDir });

    expect(second.key.toBase64()).toBe(first.key.toBase64());
    expect(second.key.id).toBe(first.key.id);
    expect(readFileSync(join(dataDir, DATA_ENCRYPTION_KEY_FILE), 'utf8')).toBe(content);
  });

  it('reads a key file put in place by the operator', () => {
    const text = randomBytes(32).toString('base64');
    writeFileSync(join(dataDir, DATA_ENCRYPTION_KEY_FILE), `${text}\n`, { mode: 0o600 });

    expect(resolveKeyEncryptionKey({ dataDir }).key.toBase64()).toBe(text);
  });

  it.each([
    ['garbage', 'this is not a key, but it might be a secret\n'],
    ['a key too short', `${randomBytes(16).toString('base64')}\n`],
    ['nothing', ''],
  ])('refuses a key file holding %s, naming the file and not echoing its content', (_, content) => {
    const file = join(dataDir, DATA_ENCRYPTION_KEY_FILE);
    writeFileSync(file, content, { mode: 0o600 });

    const error = errorOf(() => resolveKeyEncryptionKey({ dataDir }));

    expect(error.message).toContain(file);
    if (content.trim() !== '') expect(error.message).not.toContain(content.trim());
    expect(readFileSync(file, 'utf8')).toBe(content);
  });
});
