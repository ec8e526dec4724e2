import fs from 'node:fs';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUTH_SECRET_FILE, resolveAuthSecret, resolveAuthSecretWithSource } from './auth-secret';

describe('resolveAuthSecret', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'auth-secret-'));
  });

  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(root, { recursive: true, force: true });
  });

  it('creates a missing data directory and a secret file readable only by its owner', () => {
    const dataDir = join(root, 'nested', 'data');

    const secret = resolveAuthSecret({ dataDir });

    const file = join(dataDir, AUTH_SECRET_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe(secret);
    expect(Buffer.from(secret as string, 'base64url')).toHaveLength(32);
    expect(readdirSync(dataDir)).toEqual([AUTH_SECRET_FILE]);
  });

  it('reuses the secret on later calls', () => {
    const first = resolveAuthSecret({ dataDir: root });

    expect(resolveAuthSecret({ dataDir: root })).toBe(first);
  });

  it('uses a secret file that another process wrote first', () => {
    writeFileSync(join(root, AUTH_SECRET_FILE), 'written-by-another-process\n');

    expect(resolveAuthSecret({ dataDir: root })).toBe('written-by-another-process');
  });

  it('keeps the file of a process that created it between this one looking and writing', () => {
    writeFileSync(join(root, AUTH_SECRET_FILE), 'written-by-another-process\n');
    jest.spyOn(fs, 'existsSync').mockReturnValueOnce(false);

    expect(resolveAuthSecret({ dataDir: root })).toBe('written-by-another-process');
    expect(readdirSync(root)).toEqual([AUTH_SECRET_FILE]);
  });

  it('generates a different secret for each data directory, so there is no shared default', () => {
    const one = resolveAuthSecret({ dataDir: join(root, 'one') });
    const two = resolveAuthSecret({ dataDir: join(root, 'two') });

    expect(one).not.toBe(two);
  });

  it('prefers AUTH_SECRET and then leaves the data directory alone', () => {
    expect(resolveAuthSecret({ authSecret: 'from-the-environment', dataDir: root })).toBe('from-the-environment');
    expect(readdirSync(root)).toEqual([]);
  });

  it('treats an empty AUTH_SECRET as not set', () => {
    const secret = resolveAuthSecret({ authSecret: '', dataDir: root });

    expect(secret).toBe(readFileSync(join(root, AUTH_SECRET_FILE), 'utf8'));
  });

  describe('with its source', () => {
    it('says the secret came from AUTH_SECRET', () => {
      expect(resolveAuthSecretWithSource({ authSecret: 'from-the-environment', dataDir: root })).toEqual({
        secret: 'from-the-environment',
        source: { kind: 'environment' },
      });
    });

    it('says which file it created', () => {
      const { secret, source } = resolveAuthSecretWithSource({ dataDir: root });

      expect(source).toEqual({ kind: 'file', path: join(root, AUTH_SECRET_FILE), created: true });
      expect(readFileSync(join(root, AUTH_SECRET_FILE), 'utf8')).toBe(secret);
    });

    it('says which file it read, and that it created none', () => {
      const first = resolveAuthSecretWithSource({ dataDir: root });

      expect(resolveAuthSecretWithSource({ dataDir: root })).toEqual({
        secret: first.secret,
        source: { kind: 'file', path: join(root, AUTH_SECRET_FILE), created: false },
      });
    });

    it('does not claim the file of a process that created it between this one looking and writing', () => {
      writeFileSync(join(root, AUTH_SECRET_FILE), 'written-by-another-process\n');
      jest.spyOn(fs, 'existsSync').mockReturnValueOnce(false);

      expect(resolveAuthSecretWithSource({ dataDir: root }).source).toMatchObject({ created: false });
    });
  });

  it('refuses an empty secret file', () => {
    writeFileSync(join(root, AUTH_SECRET_FILE), '');

    expect(() => resolveAuthSecret({ dataDir: root })).toThrow(/is empty/);
  });
});
