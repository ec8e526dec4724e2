import { randomBytes } from 'node:crypto';
import { escapeIdentifier } from 'pg';
import { withClient } from './postgres';

export interface TemporaryRole {
  readonly name: string;
  /** DATABASE_URL, logging in as this role. */
  readonly url: string;
  drop(): Promise<void>;
}

/**
 * A login role with only the privileges PUBLIC has: it may connect but not create a schema, as
 * a service's database user often may not. `drop` removes it and whatever it owns or was granted.
 */
export async function createRoleWithoutCreate(databaseUrl: string): Promise<TemporaryRole> {
  const name = `test_nocreate_${randomBytes(6).toString('hex')}`;
  await withClient(databaseUrl, (client) => client.query(`CREATE ROLE ${escapeIdentifier(name)} LOGIN`));
  const url = new URL(databaseUrl);
  url.username = name;
  url.password = '';
  return {
    name,
    url: url.toString(),
    drop: () =>
      withClient(databaseUrl, async (client) => {
        await client.query(`DROP OWNED BY ${escapeIdentifier(name)}`);
        await client.query(`DROP ROLE ${escapeIdentifier(name)}`);
      }),
  };
}
