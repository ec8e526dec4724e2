import { randomBytes } from 'node:crypto';
import { UnopenableValue } from './aes-gcm';
import { DataKey, isSealed, SEALED_PREFIX } from './data-key';

describe('DataKey', () => {
  const key = new DataKey('case-1', randomBytes(32));

  it('seals a value into text that starts with the sealed prefix and opens to the value', () => {
    const sealed = key.seal('data.name', 'Ada Lovelace');

    expect(sealed.startsWith(SEALED_PREFIX)).toBe(true);
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain('Ada');
    expect(key.open('data.name', sealed)).toBe('Ada Lovelace');
  });

  it('opens text of any script, and the empty text, as it was', () => {
    for (const text of ['Zoë Ångström', '日本語のテキスト', 'emoji 👩🏽‍💻 and a tab\t', '']) {
      expect(key.open('data.comment', key.seal('data.comment', text))).toBe(text);
    }
  });

  it('does not open a value whose text was changed in a way the base64 decoder would skip', () => {
    const sealed = key.seal('data.name', 'Ada Lovelace');
    const last = sealed.at(-1) === '=' ? sealed.length - 2 : sealed.length - 1;
    const lowBitsChanged =
      sealed.slice(0, last) + String.fromCharCode(sealed.charCodeAt(last) ^ 1) + sealed.slice(last + 1);

    for (const changed of [`${sealed.slice(0, 20)}!${sealed.slice(20)}`, `${sealed} `, lowBitsChanged]) {
      expect(() => key.open('data.name', changed)).toThrow(UnopenableValue);
    }
  });

  it('seals the same value differently each time', () => {
    expect(key.seal('data.name', 'Ada Lovelace')).not.toBe(key.seal('data.name', 'Ada Lovelace'));
  });

  it('does not open a value sealed at another path', () => {
    const sealed = key.seal('data.name', 'Ada Lovelace');

    expect(() => key.open('data.description', sealed)).toThrow(UnopenableValue);
  });

  it("does not open a value sealed under another subject's key", () => {
    const sealed = new DataKey('case-2', randomBytes(32)).seal('data.name', 'Ada Lovelace');

    expect(() => key.open('data.name', sealed)).toThrow(UnopenableValue);
  });

  it('does not open a value sealed for another subject, even under the same key bytes', () => {
    const bytes = randomBytes(32);
    const sealed = new DataKey('case-2', bytes).seal('data.name', 'Ada Lovelace');

    expect(() => new DataKey('case-1', bytes).open('data.name', sealed)).toThrow(UnopenableValue);
  });
});

describe('isSealed', () => {
  it('takes only text starting with the sealed prefix for a sealed value', () => {
    expect(isSealed(`${SEALED_PREFIX}AAAA`)).toBe(true);
    expect(isSealed('Ada Lovelace')).toBe(false);
    expect(isSealed(`not ${SEALED_PREFIX}`)).toBe(false);
    expect(isSealed(undefined)).toBe(false);
    expect(isSealed(null)).toBe(false);
    expect(isSealed(42)).toBe(false);
    expect(isSealed({ value: SEALED_PREFIX })).toBe(false);
  });
});
