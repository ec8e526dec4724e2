import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { caseCommented, caseCreated } from '@lib/domain/testing';
import { dataKeysInMemory } from '@lib/personal-data/testing';
import { describeReadModelContract } from '../read-model.contract';
import { SealedDocuments } from '../sealed-documents';
import { documentsInMemory } from '../testing/sealed-documents';
import { RecordingLog } from '../testing/stored-events';
import { openReadModelDatabase } from './read-model-database';
import { SqliteReadModelStore } from './sqlite.read-model.store';

describeReadModelContract('SqliteReadModelStore', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'read-model-'));
  const store = SqliteReadModelStore.open(join(dir, 'supportcase.sqlite'), await documentsInMemory());
  return {
    store,
    async cleanup() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describe('the read model connection', () => {
  it('commits derived rows without a sync of their own', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'read-model-'));
    const db = openReadModelDatabase(join(dir, 'supportcase.sqlite'));
    try {
      expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    } finally {
      db.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('a reader beside the projector', () => {
  it('answers each case at the revision the projector left it, though it held an older one opened', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'read-model-'));
    const file = join(dir, 'supportcase.sqlite');
    const keys = await dataKeysInMemory();
    const projector = SqliteReadModelStore.open(file, new SealedDocuments(keys));
    const reader = SqliteReadModelStore.open(file, new SealedDocuments(keys));
    const log = new RecordingLog();
    try {
      await projector.handle([log.recordCase('aa01', caseCreated({ _id: 'aa01', comments: [] }))]);
      expect(await reader.getCase('aa01')).toMatchObject({ revision: 0, supportCase: { comments: [] } });

      await projector.handle([log.recordCase('aa01', caseCommented('c1', 'seen by the reader'))]);
      const comments = [expect.objectContaining({ _id: 'c1', comment: 'seen by the reader' })];
      expect(await reader.getCase('aa01')).toMatchObject({ revision: 1, supportCase: { comments } });
      expect((await reader.listCases({ offset: 0, limit: 10 })).cases).toEqual([
        expect.objectContaining({ _id: 'aa01', comments }),
      ]);
    } finally {
      await reader.close();
      await projector.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
