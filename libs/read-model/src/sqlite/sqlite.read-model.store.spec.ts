import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeReadModelContract } from '../read-model.contract';
import { SqliteReadModelStore } from './sqlite.read-model.store';

describeReadModelContract('SqliteReadModelStore', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'read-model-'));
  const store = SqliteReadModelStore.open(join(dir, 'supportcase.sqlite'));
  return {
    store,
    async cleanup() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
