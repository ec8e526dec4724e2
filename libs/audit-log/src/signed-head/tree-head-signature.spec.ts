import { generateKeyPairSync } from 'node:crypto';
import { AuditSigningKey } from './signing-key';
import type { SignedTreeHead } from './tree-head';
import { signedContentOf, verifyTreeHead } from './tree-head-signature';

const ROOT = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

function newKey(): AuditSigningKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  return AuditSigningKey.fromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
}

/** The hex digit at `position` replaced by another. */
function changedDigit(hex: string, position: number): string {
  const digit = hex[position] === '0' ? '1' : '0';
  return hex.slice(0, position) + digit + hex.slice(position + 1);
}

describe('signedContentOf', () => {
  it('is the RFC 8785 canonical JSON of the four head fields, keys sorted', () => {
    const head = { treeSize: 3, rootHash: ROOT, timestamp: '2025-01-02T03:04:05.678Z', keyId: '0123456789abcdef' };

    expect(signedContentOf(head)).toBe(
      `{"keyId":"0123456789abcdef","rootHash":"${ROOT}","timestamp":"2025-01-02T03:04:05.678Z","treeSize":3}`,
    );
  });

  it('leaves out the signature and anything else a head carries', () => {
    const head = { treeSize: 1, rootHash: ROOT, timestamp: '2025-01-02T03:04:05Z', keyId: 'k' };

    expect(signedContentOf({ ...head, signature: 'ab', extra: true } as SignedTreeHead)).toBe(signedContentOf(head));
  });
});

describe('verifyTreeHead', () => {
  const key = newKey();
  const head = key.sign({ treeSize: 42, rootHash: ROOT, timestamp: '2025-06-01T12:00:00.000Z' });

  it('accepts the head as signed', () => {
    expect(verifyTreeHead(head, key.publicKeyPem)).toBe(true);
  });

  it.each<[string, Partial<SignedTreeHead>]>([
    ['treeSize', { treeSize: 43 }],
    ['treeSize', { treeSize: 0 }],
    ['rootHash', { rootHash: changedDigit(ROOT, 63) }],
    ['timestamp', { timestamp: '2025-06-01T12:00:00.001Z' }],
    ['timestamp', { timestamp: '2025-06-01T12:00:00Z' }],
    ['keyId', { keyId: changedDigit(head.keyId, 0) }],
  ])('refuses a changed %s', (_field, change) => {
    expect(verifyTreeHead({ ...head, ...change }, key.publicKeyPem)).toBe(false);
  });

  it('refuses a change of any one digit of the signature', () => {
    for (let position = 0; position < head.signature.length; position++) {
      expect(verifyTreeHead({ ...head, signature: changedDigit(head.signature, position) }, key.publicKeyPem)).toBe(
        false,
      );
    }
  });

  it.each([
    ['upper-case', (signature: string) => signature.toUpperCase()],
    ['truncated', (signature: string) => signature.slice(0, -2)],
    ['extended', (signature: string) => `${signature}00`],
    ['base64', (signature: string) => Buffer.from(signature, 'hex').toString('base64')],
  ])('refuses the signature %s, though it may stand for the same bytes', (_form, form) => {
    expect(verifyTreeHead({ ...head, signature: form(head.signature) }, key.publicKeyPem)).toBe(false);
  });

  it('refuses another key, and a head of another key that claims this key’s id', () => {
    const other = newKey();
    const forged = { ...other.sign(head), keyId: key.keyId };

    expect(verifyTreeHead(head, other.publicKeyPem)).toBe(false);
    expect(verifyTreeHead(forged, key.publicKeyPem)).toBe(false);
    expect(verifyTreeHead(forged, other.publicKeyPem)).toBe(false);
  });

  it('returns false, never throws, on malformed input', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' });
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' });
    const malformed: unknown[][] = [
      [null, key.publicKeyPem],
      ['head', key.publicKeyPem],
      [{ ...head, signature: undefined }, key.publicKeyPem],
      [{ ...head, signature: 12 }, key.publicKeyPem],
      [{ ...head, treeSize: '42' }, key.publicKeyPem],
      [{ ...head, treeSize: -1 }, key.publicKeyPem],
      [{ ...head, rootHash: ROOT.toUpperCase() }, key.publicKeyPem],
      [{ ...head, timestamp: 'yesterday' }, key.publicKeyPem],
      [{ ...head, keyId: undefined }, key.publicKeyPem],
      [head, 'not a key'],
      [head, ''],
      [head, undefined],
      [head, rsa.toString()],
      [head, p256.toString()],
    ];
    for (const [candidate, pem] of malformed) {
      expect(verifyTreeHead(candidate as SignedTreeHead, pem as string)).toBe(false);
    }
  });
});
