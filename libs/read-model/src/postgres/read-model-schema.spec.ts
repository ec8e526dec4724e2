import { inTransaction } from '@lib/postgres';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { MissingSchemaError } from '@lib/postgres';
import { migrate, readModelTables } from './read-model-schema';
import { createTemporarySchema, describeWithPostgres, withClient } from '../../../../test/support/postgres';
import { createRoleWithoutCreate, type TemporaryRole } from '../../../../test/support/postgres-role';

describeWithPostgres('migrate', (databaseUrl) => {
  const dropSchema = (name: string) =>
    withClient(databaseUrl, (client) => client.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`));
  const tablesIn = (name: string) =>
    withClient(databaseUrl, async (client) => {
      const { rows } = await client.query<{ table_name: string }>(
        'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
        [name],
      );
      return rows.map((row) => row.table_name);
    });

  async function migrateAs(url: string, schema: string): Promise<void> {
    const pool = new Pool({ connectionString: url });
    try {
      await inTransaction(pool, 'BEGIN', (client) => migrate(client, readModelTables(schema)));
    } finally {
      await pool.end();
    }
  }

  const missingSchemaName = () => `read_model_missing_${randomBytes(6).toString('hex')}`;

  it('creates the schema when it is missing', async () => {
    const schema = missingSchemaName();
    try {
      await migrateAs(databaseUrl, schema);

      expect(await tablesIn(schema)).toEqual(['checkpoints', 'schema_migrations', 'support_cases']);
    } finally {
      await dropSchema(schema);
    }
  });

  describe('as a database user that may not create schemas', () => {
    let role: TemporaryRole;

    beforeEach(async () => {
      role = await createRoleWithoutCreate(databaseUrl);
    });
    afterEach(() => role.drop());

    it('migrates a schema that exists and that it may use', async () => {
      const schema = await createTemporarySchema(databaseUrl, 'read_model_granted');
      try {
        await withClient(databaseUrl, (client) =>
          client.query(`GRANT USAGE, CREATE ON SCHEMA ${schema.name} TO ${role.name}`),
        );

        await migrateAs(role.url, schema.name);

        expect(await tablesIn(schema.name)).toEqual(['checkpoints', 'schema_migrations', 'support_cases']);
      } finally {
        await schema.drop();
      }
    });

    it('refuses a missing schema with an error naming it', async () => {
      const schema = missingSchemaName();

      const refusal = migrateAs(role.url, schema);

      await expect(refusal).rejects.toBeInstanceOf(MissingSchemaError);
      await expect(refusal).rejects.toThrow(
        `schema "${schema}" does not exist and this database user may not create it`,
      );
      expect(await tablesIn(schema)).toEqual([]);
    });
  });
});
