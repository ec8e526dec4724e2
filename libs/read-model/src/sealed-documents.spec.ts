import { streamIdOf, type SupportCase } from '@lib/domain';
import { CASE_ID, NOW, openCase } from '@lib/domain/testing';
import { DataKey, UnopenableValue, type DataKeys } from '@lib/personal-data';
import { dataKeysInMemory } from '@lib/personal-data/testing';
import type { ProjectedCase } from './read-model.port';
import { SealedDocuments, type StoredRevision } from './sealed-documents';

const supportCase: SupportCase = { ...openCase(), lastUpdated: NOW };
const atRevision = (revision: number, description = supportCase.description): ProjectedCase => ({
  supportCase: { ...supportCase, description },
  revision,
});

describe('SealedDocuments', () => {
  let keys: DataKeys;
  let documents: SealedDocuments;
  beforeEach(async () => {
    keys = await dataKeysInMemory();
    documents = new SealedDocuments(keys);
  });
  afterEach(() => jest.restoreAllMocks());

  /** The row as another process sealed it, so that nothing here holds it opened. */
  async function storedElsewhere(projected: ProjectedCase): Promise<StoredRevision> {
    const document = (await new SealedDocuments(keys).of([CASE_ID])).seal(CASE_ID, projected);
    return { revision: projected.revision, document };
  }

  it('seals the personal values away from the clear part, and opens the whole case again', async () => {
    const stored = await storedElsewhere(atRevision(3));
    expect(JSON.stringify(stored.document.clear)).not.toContain(supportCase.description);
    expect(JSON.stringify(stored.document.sealed)).not.toContain(supportCase.description);
    expect((await documents.of([CASE_ID])).open(CASE_ID, 3, () => stored)).toEqual(atRevision(3));
  });

  it('reads and decrypts a row held at the same revision only once', async () => {
    const stored = await storedElsewhere(atRevision(3));
    const read = jest.fn(() => stored);
    const decryptions = jest.spyOn(DataKey.prototype, 'open');
    for (let reads = 0; reads < 3; reads++)
      expect((await documents.of([CASE_ID])).open(CASE_ID, 3, read)).toEqual(atRevision(3));
    expect(read).toHaveBeenCalledTimes(1);
    expect(decryptions).toHaveBeenCalledTimes(1);
  });

  it('holds what it sealed opened, so the row it wrote is not read back', async () => {
    const cipher = await documents.of([CASE_ID]);
    cipher.seal(CASE_ID, atRevision(3));
    const read = jest.fn((): StoredRevision => {
      throw new Error('the row was read');
    });
    expect(cipher.open(CASE_ID, 3, read)).toEqual(atRevision(3));
  });

  it('reads the row again once it is at another revision', async () => {
    const cipher = await documents.of([CASE_ID]);
    cipher.seal(CASE_ID, atRevision(3));
    const newer = await storedElsewhere(atRevision(4, 'described anew'));
    expect(cipher.open(CASE_ID, 4, () => newer)).toEqual(atRevision(4, 'described anew'));
  });

  it('answers the revision the row was read at, with the document of that revision', async () => {
    const newer = await storedElsewhere(atRevision(4, 'described anew'));
    expect((await documents.of([CASE_ID])).open(CASE_ID, 3, () => newer)).toEqual(atRevision(4, 'described anew'));
  });

  it('refuses a seal changed at rest', async () => {
    const stored = await storedElsewhere(atRevision(3));
    const sealed = `${stored.document.sealed!.slice(0, -4)}AAA=`;
    const changed = { ...stored, document: { ...stored.document, sealed } };
    const cipher = await documents.of([CASE_ID]);
    expect(() => cipher.open(CASE_ID, 3, () => changed)).toThrow(UnopenableValue);
  });

  it('answers only the clear part once the case key is destroyed, though it held the case opened', async () => {
    const cipher = await documents.of([CASE_ID]);
    const document = cipher.seal(CASE_ID, atRevision(3));
    await keys.destroy(streamIdOf(CASE_ID));
    const afterwards = await documents.of([CASE_ID]);
    expect(afterwards.open(CASE_ID, 3, () => ({ revision: 3, document }))).toEqual({
      supportCase: document.clear,
      revision: 3,
    });
  });
});
