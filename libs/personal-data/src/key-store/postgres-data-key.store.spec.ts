import { randomBytes } from 'node:crypto';
import { escapeIdentifier } from 'pg';
import { describeDataKeyStoreContract } from './data-key-store.contract';
import { PostgresDataKeyStore } from './postgres-data-key.store';
import { describeWithPostgres, withClient } from '../../../../test/support/postgres';

describeWithPostgres('PostgresDataKeyStore', (databaseUrl) => {
  /** A name that needs quoting, as DATABASE_SCHEMA may; the store creates the schema, the test drops it. */
  const newSchemaName = () => `Data Keys ${randomBytes(6).toString('hex')}`;
  const dropSchema = (schema: string) =>
    withClient(databaseUrl, (client) => client.query(`DROP SCHEMA IF EXISTS ${escapeIdentifier(schema)} CASCADE`));

  describeDataKeyStoreContract('PostgresDataKeyStore', async () => {
    const schema = newSchemaName();
    return {
      open: () => PostgresDataKeyStore.open(databaseUrl, schema),
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

    const open = async () => opened(await PostgresDataKeyStore.open(databaseUrl, schema));

    beforeEach(() => {
      schema = newSchemaName();
    });

    afterEach(async () => {
      await Promise.all(closeAfterTest.splice(0).map((closable) => closable.close()));
      await dropSchema(schema);
    });

    it('creates the schema and its tables once, however many stores open it together', async () => {
      const stores = await Promise.all([open(), open(), open()]);
      const wrapped = randomBytes(60);

      await stores[0].addKeys(new Map([['case-1', { keyEncryptionKeyId: 'kek-one', wrapped }]]));

      const found = await stores[2].keysOf(['case-1']);
      expect(found.get('case-1')?.wrapped.equals(wrapped)).toBe(true);
      expect(await stores[1].keyEncryptionKeyId('kek-one')).toBe('kek-one');
    });
  });
});
