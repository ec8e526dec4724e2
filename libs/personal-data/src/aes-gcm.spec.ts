import { randomBytes } from 'node:crypto';
import { open, seal, UnopenableValue } from './aes-gcm';

const key = randomBytes(32);
const context = 'case-1\ndata.name';
const plaintext = Buffer.from('Ada Lovelace', 'utf8');

describe('seal and open (AES-256-GCM)', () => {
  it('opens what it sealed, under the same key and context', () => {
    expect(open(key, context, seal(key, context, plaintext))).toEqual(plaintext);
    expect(open(key, context, seal(key, context, Buffer.alloc(0)))).toEqual(Buffer.alloc(0));
  });

  it('seals with a fresh IV each time: the same input seals differently, and each opens', () => {
    const first = seal(key, context, plaintext);
    const second = seal(key, context, plaintext);

    expect(first.equals(second)).toBe(false);
    expect(first.subarray(0, 12).equals(second.subarray(0, 12))).toBe(false);
    expect(open(key, context, second)).toEqual(plaintext);
  });

  it('keeps no plaintext in the sealed bytes', () => {
    expect(seal(key, context, plaintext).includes(plaintext)).toBe(false);
  });

  it('refuses a value with any one byte flipped: IV, tag or ciphertext', () => {
    const sealed = seal(key, context, plaintext);

    for (let index = 0; index < sealed.length; index++) {
      const flipped = Buffer.from(sealed);
      flipped[index] ^= 0x01;
      expect(() => open(key, context, flipped)).toThrow(UnopenableValue);
    }
  });

  it('refuses a value sealed under another key', () => {
    expect(() => open(randomBytes(32), context, seal(key, context, plaintext))).toThrow(UnopenableValue);
  });

  it('refuses a value sealed in another context', () => {
    expect(() => open(key, 'case-1\ndata.description', seal(key, context, plaintext))).toThrow(UnopenableValue);
  });

  it('refuses a value cut short, down to nothing', () => {
    const sealed = seal(key, context, plaintext);

    expect(() => open(key, context, sealed.subarray(0, sealed.length - 1))).toThrow(UnopenableValue);
    expect(() => open(key, context, sealed.subarray(0, 27))).toThrow(UnopenableValue);
    expect(() => open(key, context, Buffer.alloc(0))).toThrow(UnopenableValue);
  });

  it('refuses a value with bytes added', () => {
    const sealed = seal(key, context, plaintext);

    expect(() => open(key, context, Buffer.concat([sealed, Buffer.from([0])]))).toThrow(UnopenableValue);
  });
});
