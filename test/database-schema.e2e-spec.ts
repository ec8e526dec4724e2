import { issueToken } from '@lib/auth';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithPostgres, withClient } from './support/postgres';
import { createRoleWithoutCreate } from './support/postgres-role';
import { requestAt, ServiceProcess } from './support/service-process';
import { newId } from './support/service-under-test';

interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

/** The JSON lines of a log, as the service writes them. */
function logLines(log: string): LogLine[] {
  return log
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

describeWithPostgres('DATABASE_SCHEMA', (databaseUrl) => {
  const authSecret = randomBytes(32).toString('hex');
  const dataDirs: string[] = [];
  let schema: string;

  beforeEach(() => {
    schema = `missing_schema_${randomBytes(6).toString('hex')}`;
  });
  afterEach(async () => {
    await withClient(databaseUrl, (client) => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
    for (const dataDir of dataDirs.splice(0)) rmSync(dataDir, { recursive: true, force: true });
  });

  function serviceEnv(url: string): Record<string, string> {
    const dataDir = mkdtempSync(join(tmpdir(), 'supportcase-schema-'));
    dataDirs.push(dataDir);
    return { DATA_DIR: dataDir, AUTH_SECRET: authSecret, DATABASE_URL: url, DATABASE_SCHEMA: schema };
  }

  it('the service creates a missing schema at start and keeps its read model there', async () => {
    const service = await ServiceProcess.start(serviceEnv(databaseUrl));
    try {
      const token = await issueToken(
        authSecret,
        { employee: newId(), customer: newId(), accessLevel: 'ADMIN', customerFeatures: [], employeeFeatures: [] },
        { expiresIn: '5m' },
      );
      const created = await requestAt(service.baseUrl, 'POST', '/iptv/supportcase', { token, body: { name: 'x' } });
      expect(created.status).toBe(200);
    } finally {
      await service.kill('SIGTERM');
    }
    const tables = await withClient(databaseUrl, (client) =>
      client.query('SELECT table_name FROM information_schema.tables WHERE table_schema = $1', [schema]),
    );
    expect(tables.rows.map((row) => row.table_name)).toContain('support_cases');
  });

  it('stops naming DATABASE_SCHEMA, without a stack, when the schema is missing and the user may not create it', async () => {
    const role = await createRoleWithoutCreate(databaseUrl);
    try {
      const outcome = await ServiceProcess.start(serviceEnv(role.url)).then(
        async (service) => {
          await service.kill('SIGKILL');
          return 'started';
        },
        (error: Error) => error.message,
      );

      expect(outcome).toMatch(/^the service exited before listening/);
      const errors = logLines(outcome).filter((line) => line.level >= 50);
      expect(errors).toEqual([
        expect.objectContaining({
          msg: expect.stringContaining(
            `DATABASE_SCHEMA names schema "${schema}", which does not exist, and this database user may not create it`,
          ),
        }),
      ]);
      expect(errors[0]).not.toHaveProperty('err');
      expect(errors[0]).not.toHaveProperty('stack');
      expect(outcome).not.toMatch(/\bat .+:\d+:\d+/);
    } finally {
      await role.drop();
    }
  });
});
