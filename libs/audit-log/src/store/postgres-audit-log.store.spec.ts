import { randomBytes } from 'node:crypto';
import { PostgresCheckpointStore, postgresCheckpointTable } from '@lib/event-store';
import { escapeIdentifier } from 'pg';
import { describeAuditLogStoreContract } from './audit-log-store.contract';
import { PostgresAuditLogStore } from './postgres-audit-log.store';
import { describeWithPostgres, withClient } from '../../../../test/support/postgres';

describeWithPostgres('PostgresAuditLogStore', (databaseUrl) => {
  /** A name that needs quoting, as DATABASE_SCHEMA may; the store creates the schema, the test drops it. */
  const newSchemaName = () => `Audit Log ${randomBytes(6).toString('hex')}`;
  const dropSchema = (schema: string) =>
    withClient(databaseUrl, (client) => client.query(`DROP SCHEMA IF EXISTS ${escapeIdentifier(schema)} CASCADE`));

  describeAuditLogStoreContract('PostgresAuditLogStore', async () => {
    const schema = newSchemaName();
    return {
      open: () => PostgresAuditLogStore.open(databaseUrl, schema),
      cleanup: () => dropSchema(schema).then(() => undefined),
    };
  });

  describe('in a schema of its own', () => {
    let schema: string;
    const closeAfterTest: { close(): Promise<void> }[] = [];

    function opened<T extends { close(): Promise<void> }>(closable: T): T {
      closeAfterTest.push(closable);
      return closable;
    }

    const open = async () => opened(await PostgresAuditLogStore.open(databaseUrl, schema));

    beforeEach(() => {
      schema = newSchemaName();
    });

    afterEach(async () => {
      await Promise.all(closeAfterTest.splice(0).map((closable) => closable.close()));
      await dropSchema(schema);
    });

    it('creates the schema and its tables once, however many stores open it together', async () => {
      const stores = await Promise.all([open(), open(), open()]);

      await stores[0].append(
        [
          {
            leafIndex: 0,
            eventHash: 'ab'.repeat(32),
            streamId: 'case-1',
            revision: 0,
            position: { commit: 1, prepare: 1 },
          },
        ],
        {
          commit: 1,
          prepare: 1,
        },
      );

      expect(await stores[2].leafCount()).toBe(1);
    });

    it('keeps its checkpoint beside the others in a checkpoints table the read model created first', async () => {
      await withClient(databaseUrl, async (client) => {
        await client.query(`CREATE SCHEMA ${escapeIdentifier(schema)}`);
        // As the read model's migration creates it.
        await client.query(`CREATE TABLE ${postgresCheckpointTable(schema)} (
          name text PRIMARY KEY, commit_position bigint NOT NULL, prepare_position bigint NOT NULL)`);
        await client.query(`INSERT INTO ${postgresCheckpointTable(schema)} VALUES ('read-model', 4, 4)`);
      });
      const log = await open();

      await log.append([], { commit: 9, prepare: 9 });

      expect(await checkpointRows()).toEqual([
        { name: 'audit-sealer', commit_position: '9', prepare_position: '9' },
        { name: 'read-model', commit_position: '4', prepare_position: '4' },
      ]);
    });

    it('creates a checkpoints table that other consumers of the schema use as they would the read model’s', async () => {
      const log = await open();
      const relay = opened(PostgresCheckpointStore.open(databaseUrl, schema, 'relay'));

      await relay.save({ commit: 3, prepare: 3 });
      await log.append([], { commit: 5, prepare: 5 });

      expect(await relay.load()).toEqual({ commit: 3, prepare: 3 });
      expect(await log.loadCheckpoint()).toEqual({ commit: 5, prepare: 5 });
    });

    function checkpointRows() {
      return withClient(
        databaseUrl,
        async (client) =>
          (await client.query(`SELECT * FROM ${postgresCheckpointTable(schema)} ORDER BY name COLLATE "C"`)).rows,
      );
    }
  });
});
