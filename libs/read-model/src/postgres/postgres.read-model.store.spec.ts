import { setTimeout as sleep } from 'node:timers/promises';
import { caseCommented, caseCreated } from '@lib/domain/testing';
import { PostgresCheckpointStore } from '@lib/event-store';
import type { Client } from 'pg';
import { describeReadModelContract } from '../read-model.contract';
import { projectBatch } from '../support-case.projection';
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
    const store = await PostgresReadModelStore.open(databaseUrl, { schema: schema.name });
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
    const opened: PostgresReadModelStore[] = [];

    beforeEach(async () => {
      schema = await createTemporarySchema(databaseUrl, 'read_model_test');
    });

    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
      await schema.drop();
    });

    async function open(): Promise<PostgresReadModelStore> {
      const store = await PostgresReadModelStore.open(databaseUrl, { schema: schema.name });
      opened.push(store);
      return store;
    }

    const query = <T>(sql: string, params: unknown[] = []) =>
      withClient(databaseUrl, async (client) => (await client.query(sql, params)).rows as T[]);

    it('applies each migration once, however many stores open the schema together', async () => {
      await Promise.all([open(), open(), open()]);
      await open();

      expect(await query(`SELECT version FROM ${schema.name}.schema_migrations`)).toEqual([{ version: 1 }]);
    });

    it('refuses a schema migrated by newer code', async () => {
      await open();
      await query(`INSERT INTO ${schema.name}.schema_migrations (version, applied_at) VALUES (2, now())`);

      await expect(open()).rejects.toThrow(/has version 2; this code knows up to 1/);
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
          [newer.revision, newer.supportCase.date, newer.supportCase],
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
    const store = await PostgresReadModelStore.open(databaseUrl, { schema: schema.name });
    const relay = PostgresCheckpointStore.open(databaseUrl, schema.name, 'kafka-relay');
    await relay.save({ commit: 9, prepare: 9 });
    await relay.save({ commit: 4, prepare: 4 });
    expect(await relay.load()).toEqual({ commit: 9, prepare: 9 });
    expect(await store.loadCheckpoint()).toEqual({ commit: 0, prepare: 0 });
    await relay.close();
    await store.close();
  });
});
