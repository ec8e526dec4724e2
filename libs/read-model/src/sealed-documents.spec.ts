import { streamIdOf, type SupportCase } from '@lib/domain';
import { CASE_ID, NOW, openCase } from '@lib/domain/testing';
import { DataKey, UnopenableValue, type DataKeys } from '@lib/personal-data';
import { dataKeysInMemory } from '@lib/personal-data/testing';
import { SealedDocuments } from './sealed-documents';

const supportCase: SupportCase = { ...openCase(), lastUpdated: NOW };

describe('SealedDocuments', () => {
  let keys: DataKeys;
  let documents: SealedDocuments;
  beforeEach(async () => {
    keys = await dataKeysInMemory();
    documents = new SealedDocuments(keys);
  });
  afterEach(() => jest.restoreAllMocks());

  it('seals the personal values away from the clear part, and opens the whole case again', async () => {
    const stored = (await documents.of([CASE_ID])).seal(CASE_ID, supportCase);
    expect(JSON.stringify(stored.clear)).not.toContain(supportCase.description);
    expect(JSON.stringify(stored.sealed)).not.toContain(supportCase.description);
    const elsewhere = await new SealedDocuments(keys).of([CASE_ID]);
    expect(elsewhere.open(CASE_ID, stored)).toEqual(supportCase);
  });

  it('decrypts a row read again unchanged only once', async () => {
    const stored = (await new SealedDocuments(keys).of([CASE_ID])).seal(CASE_ID, supportCase);
    const decryptions = jest.spyOn(DataKey.prototype, 'open');
    for (let read = 0; read < 3; read++)
      expect((await documents.of([CASE_ID])).open(CASE_ID, stored)).toEqual(supportCase);
    expect(decryptions).toHaveBeenCalledTimes(1);
  });

  it('never answers a changed seal from what it opened before', async () => {
    const cipher = await documents.of([CASE_ID]);
    const stored = cipher.seal(CASE_ID, supportCase);
    const changed = { ...stored, sealed: `${stored.sealed!.slice(0, -4)}AAA=` };
    expect(() => cipher.open(CASE_ID, changed)).toThrow(UnopenableValue);
  });

  it('answers only the clear part once the case key is destroyed, though it held the case opened', async () => {
    const stored = (await documents.of([CASE_ID])).seal(CASE_ID, supportCase);
    await keys.destroy(streamIdOf(CASE_ID));
    expect((await documents.of([CASE_ID])).open(CASE_ID, stored)).toEqual(stored.clear);
  });
});
