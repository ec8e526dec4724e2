import { setTimeout as sleep } from 'node:timers/promises';
import { caseCommented, caseCreated } from '@lib/domain/testing';
import { PostgresCheckpointStore, START_OF_LOG } from '@lib/event-store';
import type { Client } from 'pg';
import { describeReadModelContract } from '../read-model.contract';
import { projectBatch } from '../support-case.projection';
import type { SealedDocuments } from '../sealed-documents';
import { documentsInMemory } from '../testing/sealed-documents';
import { RecordingLog } from '../testing/stored-events';
import { PostgresReadModelStore } from './postgres.read-model.store';
import {
  createTemporarySchema,
  describeWithPostgres,
  withClient,
  type TemporarySchema,
} from '../../../../test/support/postgres';

describeWithPostgres('PostgresReadModelStore', (databaseUrl) => {
  describeReadModelContract('PostgresReadModelStore', async () => {
    const schema = await createTemporarySchema(databaseUrl, 'read_model_test');
    const store = await PostgresReadModelStore.open(databaseUrl, {
      schema: schema.name,
      documents: await documentsInMemory(),
    });
    return {
      store,
      async cleanup() {
        await store.close();
        await schema.drop();
      },
    };
  });

  describe('with a schema of its own', () => {
    let schema: TemporarySchema;
    let documents: SealedDocuments;
    const opened: PostgresReadModelStore[] = [];

    beforeEach(async () => {
      schema = await createTemporarySchema(databaseUrl, 'read_model_test');
      documents = await documentsInMemory();
    });

    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
      await schema.drop();
    });

    async function open(): Promise<PostgresReadModelStore> {
      const store = await PostgresReadModelStore.open(databaseUrl, { schema: schema.name, documents });
      opened.push(store);
      return store;
    }

    const query = <T>(sql: string, params: unknown[] = []) =>
      withClient(databaseUrl, async (client) => (await client.query(sql, params)).rows as T[]);

    it('applies each migration once, however many stores open the schema together', async () => {
      await Promise.all([open(), open(), open()]);
      await open();

      expect(await query(`SELECT version FROM ${schema.name}.schema_migrations ORDER BY version`)).toEqual([
        { version: 1 },
        { version: 2 },
      ]);
    });

    it('refuses a schema migrated by newer code', async () => {
      await open();
      await query(`INSERT INTO ${schema.name}.schema_migrations (version, applied_at) VALUES (3, now())`);

      await expect(open()).rejects.toThrow(/has version 3; this code knows up to 2/);
    });

    it('drops the rows of a read model written in the clear, and projects the log again from its start', async () => {
      await open();
      await query(`DELETE FROM ${schema.name}.schema_migrations WHERE version = 2`);
      const supportCase = { _id: 'aa01', name: 'in the clear' };
      await query(
        `INSERT INTO ${schema.name}.support_cases (id, revision, owner, date, solved, document)
         VALUES ('aa01', 0, 'r1', '2024-01-01T00:00:00.000Z', false, $1)`,
        [supportCase],
      );
      await query(`INSERT INTO ${schema.name}.checkpoints VALUES ('read-model', 7, 7)`);

      const store = await open();

      expect(await query(`SELECT id FROM ${schema.name}.support_cases`)).toEqual([]);
      expect(await store.loadCheckpoint()).toEqual(START_OF_LOG);
    });

    it('keeps the newer row when a batch waited on a concurrent writer of the same new case', async () => {
      const store = await open();
      const log = new RecordingLog();
      const events = [
        log.recordCase('aa01', caseCreated({ _id: 'aa01', owner: 'r1', date: '2024-01-01T00:00:00.000Z' })),
        log.recordCase('aa01', caseCommented('c1', 'newer')),
      ];
      const newer = projectBatch(events, () => undefined).get('aa01')!;

      await withClient(databaseUrl, async (writer) => {
        await writer.query('BEGIN');
        await writer.query(
          `INSERT INTO ${schema.name}.support_cases (id, revision, owner, date, solved, document)
           VALUES ('aa01', $1, 'r1', $2, false, $3)`,
          [newer.revision, newer.supportCase.date, JSON.stringify((await documents.of(['aa01'])).seal('aa01', newer))],
        );
        const staleBatch = store.handle(events.slice(0, 1));
        await untilBlockedBy(writer);
        await writer.query('COMMIT');
        await staleBatch;
      });

      expect(await store.getCase('aa01')).toEqual(newer);
    });
  });
});

/** Waits until some other session waits for a lock `holder` holds. */
async function untilBlockedBy(holder: Client): Promise<void> {
  const [{ pid }] = (await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;
  const blocked = async () =>
    (
      await holder.query<{ blocked: boolean }>(
        'SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE $1 = ANY (pg_blocking_pids(pid))) AS blocked',
        [pid],
      )
    ).rows[0].blocked;
  while (!(await blocked())) await sleep(5);
}

describeWithPostgres('PostgresReadModelStore checkpoints of other consumers', (databaseUrl) => {
  let schema: TemporarySchema;
  beforeAll(async () => {
    schema = await createTemporarySchema(databaseUrl, 'read_model_test');
  });
  afterAll(() => schema.drop());

  it('holds the relay checkpoint in its table, forward only, apart from the projector', async () => {
    const store = await PostgresReadModelStore.open(databaseUrl, {
      schema: schema.name,
      documents: await documentsInMemory(),
    });
    const relay = PostgresCheckpointStore.open(databaseUrl, schema.name, 'kafka-relay');
    await relay.save({ commit: 9, prepare: 9 });
    await relay.save({ commit: 4, prepare: 4 });
    expect(await relay.load()).toEqual({ commit: 9, prepare: 9 });
    expect(await store.loadCheckpoint()).toEqual({ commit: 0, prepare: 0 });
    await relay.close();
    await store.close();
  });
});
