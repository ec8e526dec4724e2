import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeReadModelContract } from '../read-model.contract';
import { documentsInMemory } from '../testing/sealed-documents';
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
