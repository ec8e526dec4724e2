import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { describeWithService } from './required-service';

/** A suite against the machine's PostgreSQL (DATABASE_URL). */
export function describeWithPostgres(name: string, suite: (databaseUrl: string) => void): void {
  describeWithService('DATABASE_URL', name, suite);
}

export interface TemporarySchema {
  readonly name: string;
  /** DATABASE_URL with the schema as its search_path. */
  readonly url: string;
  drop(): Promise<void>;
}

/** A schema of its own for each test, so runs sharing one database never see each other's rows or locks. */
export async function createTemporarySchema(databaseUrl: string, prefix = 'test'): Promise<TemporarySchema> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await withClient(databaseUrl, (client) => client.query(`CREATE SCHEMA ${name}`));
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${name}`);
  return {
    name,
    url: url.toString(),
    drop: async () => {
      await withClient(databaseUrl, (client) => client.query(`DROP SCHEMA ${name} CASCADE`));
    },
  };
}

export async function withClient<T>(databaseUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
