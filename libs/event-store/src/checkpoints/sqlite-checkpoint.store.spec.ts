import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { START_OF_LOG } from '../event-store.port';
import { SqliteCheckpointStore } from './sqlite-checkpoint.store';

describe('SqliteCheckpointStore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'checkpoint-store-'));
  const file = join(dir, 'store.sqlite');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('starts at the start of the log, keeps what it saved across a reopen, and never moves back', async () => {
    const store = SqliteCheckpointStore.open(file, 'relay');
    expect(await store.load()).toEqual(START_OF_LOG);
    await store.save({ commit: 7, prepare: 7 });
    await store.save({ commit: 5, prepare: 5 });
    await store.close();

    const reopened = SqliteCheckpointStore.open(file, 'relay');
    expect(await reopened.load()).toEqual({ commit: 7, prepare: 7 });
    await reopened.close();
  });

  it('keeps one checkpoint per name', async () => {
    const relay = SqliteCheckpointStore.open(file, 'relay');
    const other = SqliteCheckpointStore.open(file, 'other');
    await other.save({ commit: 2, prepare: 2 });
    expect(await relay.load()).toEqual({ commit: 7, prepare: 7 });
    expect(await other.load()).toEqual({ commit: 2, prepare: 2 });
    await Promise.all([relay.close(), other.close()]);
  });
});
