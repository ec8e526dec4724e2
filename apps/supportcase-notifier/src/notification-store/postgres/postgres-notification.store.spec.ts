import { Client } from 'pg';
import { createTemporarySchema, describeWithPostgres } from '../../../../../test/support/postgres';
import { describeNotificationStoreContract } from '../notification-store.contract';
import { PostgresNotificationStore } from './postgres-notification.store';

describeWithPostgres('PostgresNotificationStore', (databaseUrl) => {
  describeNotificationStoreContract('PostgresNotificationStore', async () => {
    const schema = await createTemporarySchema(databaseUrl);
    let store = await PostgresNotificationStore.open(schema.url);
    return {
      get store() {
        return store;
      },
      async reopen() {
        await store.close();
        store = await PostgresNotificationStore.open(schema.url);
        return store;
      },
      async cleanup() {
        await store.close();
        await schema.drop();
      },
    };
  });

  describe('schema', () => {
    it('is migrated once when notifiers start together', async () => {
      const schema = await createTemporarySchema(databaseUrl);
      try {
        const stores = await Promise.all([1, 2, 3].map(() => PostgresNotificationStore.open(schema.url)));
        await Promise.all(stores.map((store) => store.close()));

        expect(await appliedVersions(schema.url)).toEqual([1, 2, 3]);
      } finally {
        await schema.drop();
      }
    });

    it('refuses a database written by a newer notifier', async () => {
      const schema = await createTemporarySchema(databaseUrl);
      try {
        await (await PostgresNotificationStore.open(schema.url)).close();
        await query(schema.url, 'INSERT INTO notifier_migrations (version, applied_at) VALUES (99, now())');

        await expect(PostgresNotificationStore.open(schema.url)).rejects.toThrow(
          /schema version 99; this notifier knows up to 3/,
        );
      } finally {
        await schema.drop();
      }
    });
  });
});

async function appliedVersions(url: string): Promise<number[]> {
  const rows = await query(url, 'SELECT version FROM notifier_migrations ORDER BY version');
  return rows.map((row) => row.version as number);
}

async function query(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}
