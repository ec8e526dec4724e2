import { createHash, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import fs from 'node:fs';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUDIT_SIGNING_KEY_FILE, AuditSigningKey, keyIdOf, resolveAuditSigningKey } from './signing-key';
import { signedContentOf, verifyTreeHead } from './tree-head-signature';

const ROOT = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const HEAD = { treeSize: 7, rootHash: ROOT, timestamp: '2025-06-01T12:00:00.000Z' };

function ed25519Pem(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** Base64 runs of a PEM's body: none may appear in a message about it. */
function bodyChunksOf(pem: string): string[] {
  const body = pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s/g, '');
  return body.match(/.{1,12}/g) ?? [];
}

function messageOf(refused: () => unknown): string {
  try {
    refused();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('accepted');
}

describe('AuditSigningKey', () => {
  it('reads a PKCS#8 PEM Ed25519 key and names its public key', () => {
    const pem = ed25519Pem();

    const key = AuditSigningKey.fromPem(pem);

    expect(key.publicKeyPem).toBe(createPublicKey(pem).export({ type: 'spki', format: 'pem' }));
    expect(key.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(key.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(key.keyId).toBe(keyIdOf(key.publicKeyPem));
  });

  it('takes the PEM with surrounding blank lines, as an environment may hand it over', () => {
    const pem = ed25519Pem();

    expect(AuditSigningKey.fromPem(`\n${pem}\n\n`).keyId).toBe(AuditSigningKey.fromPem(pem).keyId);
  });

  it('signs a head that verifies under its public key, with a lower-case hex signature', () => {
    const key = AuditSigningKey.fromPem(ed25519Pem());

    const head = key.sign(HEAD);

    expect(head).toEqual({ ...HEAD, keyId: key.keyId, signature: expect.stringMatching(/^[0-9a-f]{128}$/) });
    expect(verifyTreeHead(head, key.publicKeyPem)).toBe(true);
    const signed = Buffer.from(signedContentOf(head));
    expect(verify(null, signed, key.publicKeyPem, Buffer.from(head.signature, 'hex'))).toBe(true);
  });

  it('signs only the head fields, and signs the same head the same way (Ed25519 is deterministic)', () => {
    const key = AuditSigningKey.fromPem(ed25519Pem());

    const head = key.sign({ ...HEAD, keyId: 'someone else', signature: 'x' } as typeof HEAD);

    expect(head).toEqual(key.sign(HEAD));
  });

  it.each([
    ['a negative size', { treeSize: -1 }],
    ['a fractional size', { treeSize: 1.5 }],
    ['an upper-case root', { rootHash: ROOT.toUpperCase() }],
    ['a short root', { rootHash: ROOT.slice(1) }],
    ['a local time', { timestamp: '2025-06-01T12:00:00+02:00' }],
    ['no time', { timestamp: 'now' }],
    ['an impossible date', { timestamp: '2025-13-45T12:00:00Z' }],
  ])('refuses to sign a head with %s', (_case, change) => {
    const key = AuditSigningKey.fromPem(ed25519Pem());

    expect(() => key.sign({ ...HEAD, ...change })).toThrow(RangeError);
  });

  describe('refuses what is no PKCS#8 PEM Ed25519 private key, without echoing it', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const ed448 = generateKeyPairSync('ed448');
    const ed25519 = generateKeyPairSync('ed25519');

    it.each([
      ['an RSA PKCS#8 key', rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()],
      ['an RSA PKCS#1 key', rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()],
      ['a P-256 PKCS#8 key', p256.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()],
      ['a P-256 SEC1 key', p256.privateKey.export({ type: 'sec1', format: 'pem' }).toString()],
      ['an Ed448 key', ed448.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()],
      ['an Ed25519 public key', ed25519.publicKey.export({ type: 'spki', format: 'pem' }).toString()],
      [
        'an encrypted Ed25519 key',
        ed25519.privateKey
          .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'secret' })
          .toString(),
      ],
      ['a truncated key', ed25519Pem().slice(0, 60)],
      ['garbage', 'MC4CAQAwBQYDK2VwBCIEIGarbageGarbageGarbageGarbageGarbage'],
      ['an empty string', ''],
    ])('%s', (_case, pem) => {
      const message = messageOf(() => AuditSigningKey.fromPem(pem));

      expect(message).toBe(
        'the audit signing key must be an Ed25519 private key in PKCS#8 PEM (-----BEGIN PRIVATE KEY-----)',
      );
      for (const chunk of bodyChunksOf(pem)) expect(message).not.toContain(chunk);
    });

    it('a key object, not PEM text', () => {
      expect(() => AuditSigningKey.fromPem(ed25519.privateKey as unknown as string)).toThrow('PKCS#8 PEM');
    });
  });
});

describe('keyIdOf', () => {
  it('is the first 16 hex digits of SHA-256 over the public key’s DER', () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const der = publicKey.export({ type: 'spki', format: 'der' });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

    expect(keyIdOf(pem)).toBe(createHash('sha256').update(der).digest('hex').slice(0, 16));
  });
});

describe('resolveAuditSigningKey', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'audit-signing-key-'));
  });

  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(root, { recursive: true, force: true });
  });

  it('uses AUDIT_SIGNING_KEY and then leaves the data directory alone', () => {
    const pem = ed25519Pem();

    const key = resolveAuditSigningKey({ auditSigningKey: pem, dataDir: root });

    expect(key.keyId).toBe(AuditSigningKey.fromPem(pem).keyId);
    expect(readdirSync(root)).toEqual([]);
  });

  it('refuses a bad AUDIT_SIGNING_KEY rather than falling back to the file', () => {
    expect(() => resolveAuditSigningKey({ auditSigningKey: 'not a key', dataDir: root })).toThrow('PKCS#8 PEM');
    expect(readdirSync(root)).toEqual([]);
  });

  it('creates a missing data directory and a key file readable only by its owner', () => {
    const dataDir = join(root, 'nested', 'data');

    const key = resolveAuditSigningKey({ dataDir });

    const file = join(dataDir, AUDIT_SIGNING_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(AuditSigningKey.fromPem(readFileSync(file, 'utf8')).keyId).toBe(key.keyId);
    expect(readdirSync(dataDir)).toEqual([AUDIT_SIGNING_KEY_FILE]);
  });

  it('resolves the same key on later calls', () => {
    const first = resolveAuditSigningKey({ dataDir: root });
    const second = resolveAuditSigningKey({ dataDir: root });

    expect(second.keyId).toBe(first.keyId);
    expect(verifyTreeHead(first.sign(HEAD), second.publicKeyPem)).toBe(true);
  });

  it('treats an empty AUDIT_SIGNING_KEY as not set', () => {
    const key = resolveAuditSigningKey({ auditSigningKey: '', dataDir: root });

    expect(key.keyId).toBe(AuditSigningKey.fromPem(readFileSync(join(root, AUDIT_SIGNING_KEY_FILE), 'utf8')).keyId);
  });

  it('generates a different key for each data directory, so there is no shared default', () => {
    const one = resolveAuditSigningKey({ dataDir: join(root, 'one') });
    const two = resolveAuditSigningKey({ dataDir: join(root, 'two') });

    expect(one.keyId).not.toBe(two.keyId);
  });

  it('uses a key file that another process wrote, and that file copied into AUDIT_SIGNING_KEY gives the same key', () => {
    const pem = ed25519Pem();
    writeFileSync(join(root, AUDIT_SIGNING_KEY_FILE), pem);

    expect(resolveAuditSigningKey({ dataDir: root }).keyId).toBe(
      resolveAuditSigningKey({ auditSigningKey: pem, dataDir: join(root, 'elsewhere') }).keyId,
    );
  });

  it('keeps the file of a process that created it between this one looking and writing', () => {
    const pem = ed25519Pem();
    writeFileSync(join(root, AUDIT_SIGNING_KEY_FILE), pem);
    jest.spyOn(fs, 'existsSync').mockReturnValueOnce(false);

    expect(resolveAuditSigningKey({ dataDir: root }).keyId).toBe(AuditSigningKey.fromPem(pem).keyId);
    expect(readFileSync(join(root, AUDIT_SIGNING_KEY_FILE), 'utf8')).toBe(pem);
    expect(readdirSync(root)).toEqual([AUDIT_SIGNING_KEY_FILE]);
  });

  it('refuses a key file that holds no key, naming the file but not its content', () => {
    const rsaPem = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const file = join(root, AUDIT_SIGNING_KEY_FILE);
    writeFileSync(file, rsaPem);

    const message = messageOf(() => resolveAuditSigningKey({ dataDir: root }));

    expect(message).toContain(`audit signing key file ${file} holds no Ed25519 private key in PKCS#8 PEM`);
    for (const chunk of bodyChunksOf(rsaPem)) expect(message).not.toContain(chunk);
  });
});
