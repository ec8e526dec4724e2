import { randomBytes } from 'node:crypto';
import { escapeIdentifier } from 'pg';
import { START_OF_LOG } from '../event-store.port';
import { PostgresCheckpoint, postgresCheckpointTable } from './postgres-checkpoint';
import { PostgresCheckpointStore } from './postgres-checkpoint.store';
import { describeWithPostgres, withClient } from '../../../../test/support/postgres';

describeWithPostgres('PostgresCheckpointStore', (databaseUrl) => {
  // A name that needs quoting, as DATABASE_SCHEMA may.
  const schema = `Checkpoints ${randomBytes(6).toString('hex')}`;
  const stores: PostgresCheckpointStore[] = [];
  const open = (name: string) => {
    const store = PostgresCheckpointStore.open(databaseUrl, schema, name);
    stores.push(store);
    return store;
  };

  beforeAll(() =>
    withClient(databaseUrl, async (client) => {
      await client.query(`CREATE SCHEMA ${escapeIdentifier(schema)}`);
      // As the read model's migrations create it.
      await client.query(`CREATE TABLE ${postgresCheckpointTable(schema)} (
        name text PRIMARY KEY, commit_position bigint NOT NULL, prepare_position bigint NOT NULL)`);
    }),
  );
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
  });
  afterAll(() => withClient(databaseUrl, (client) => client.query(`DROP SCHEMA ${escapeIdentifier(schema)} CASCADE`)));

  it('starts at the start of the log, keeps what it saved across a reopen, and never moves back', async () => {
    const relay = PostgresCheckpointStore.open(databaseUrl, schema, 'relay');
    expect(await relay.load()).toEqual(START_OF_LOG);
    await relay.save({ commit: 7, prepare: 7 });
    await relay.save({ commit: 5, prepare: 5 });
    await relay.close();

    expect(await open('relay').load()).toEqual({ commit: 7, prepare: 7 });
  });

  it('keeps one checkpoint per name', async () => {
    await open('other').save({ commit: 2, prepare: 2 });

    expect(await open('relay').load()).toEqual({ commit: 7, prepare: 7 });
    expect(await open('other').load()).toEqual({ commit: 2, prepare: 2 });
  });

  it('advances inside the transaction of its caller, and goes back when that rolls back', async () => {
    const checkpoint = new PostgresCheckpoint(schema, 'in-transaction');
    await withClient(databaseUrl, async (client) => {
      await client.query('BEGIN');
      await checkpoint.advanceTo(client, { commit: 3, prepare: 3 });
      expect(await checkpoint.load(client)).toEqual({ commit: 3, prepare: 3 });
      await client.query('ROLLBACK');

      expect(await checkpoint.load(client)).toEqual(START_OF_LOG);
    });
  });
});
