import { randomBytes } from 'node:crypto';
import { escapeIdentifier } from 'pg';
import { describeSnapshotStoreContract } from './snapshot-store.contract';
import { PostgresSnapshotStore } from './postgres-snapshot.store';
import { describeWithPostgres, withClient } from '../../../../test/support/postgres';

describeWithPostgres('PostgresSnapshotStore', (databaseUrl) => {
  // A name that needs quoting, as DATABASE_SCHEMA may.
  const schema = `Snapshots ${randomBytes(6).toString('hex')}`;
  afterAll(() => withClient(databaseUrl, (client) => client.query(`DROP SCHEMA ${escapeIdentifier(schema)} CASCADE`)));

  describeSnapshotStoreContract('PostgresSnapshotStore', async () => {
    const store = await PostgresSnapshotStore.open(databaseUrl, schema);
    return { store, cleanup: () => store.close() };
  });

  it('shares its snapshots between processes: what one saves or forgets, another sees', async () => {
    const [one, other] = [
      await PostgresSnapshotStore.open(databaseUrl, schema),
      await PostgresSnapshotStore.open(databaseUrl, schema),
    ];
    try {
      const snapshot = { revision: 99, chainHead: 'hash-99', version: 'v1', state: { seen: 100 } };
      await one.save('stream-shared', snapshot);
      expect(await other.latest('stream-shared')).toEqual(snapshot);

      await other.forget('stream-shared');
      expect(await one.latest('stream-shared')).toBeUndefined();
    } finally {
      await Promise.all([one.close(), other.close()]);
    }
  });
});
