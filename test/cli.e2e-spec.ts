import { execFile } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { AUTH_SECRET_FILE } from '@lib/auth';
import { ServiceUnderTest } from './support/service-under-test';

const run = promisify(execFile);
const root = resolve(__dirname, '..');

function cli(script: string, args: string[], env: Record<string, string>) {
  const path = join(root, 'apps/supportcase-service/src/cli', script);
  return run(process.execPath, ['-r', '@swc-node/register', path, ...args], {
    cwd: root,
    env: { PATH: process.env.PATH, ...env },
  });
}

describe('npm run token', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'supportcase-cli-'));
  let service: ServiceUnderTest;

  beforeAll(async () => {
    const { stdout } = await cli('token.cli.ts', ['--access-level', 'ADMIN'], { DATA_DIR: dataDir });
    expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    service = await ServiceUnderTest.start({ dataDir, authSecret: undefined });
  });
  afterAll(() => service.stop());

  it('keeps the generated secret in DATA_DIR, readable by its owner only', () => {
    expect(statSync(join(dataDir, AUTH_SECRET_FILE)).mode & 0o777).toBe(0o600);
  });

  it('prints only a token that the service on the same DATA_DIR accepts, with the claims asked for', async () => {
    const employee = 'ABCDEF0123456789abcdef01';
    const { stdout } = await cli(
      'token.cli.ts',
      ['--access-level', 'ADMIN', '--employee', employee, '--name', 'Ann Admin'],
      { DATA_DIR: dataDir },
    );
    const created = await service.request('POST', `/iptv/supportcase?token=${stdout.trim()}`, { body: { name: 'x' } });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ employee: employee.toLowerCase(), employeeName: 'Ann Admin' });
  });

  it('signs with AUTH_SECRET when it is set, which the service then requires', async () => {
    const { stdout } = await cli('token.cli.ts', ['--access-level', 'ADMIN'], {
      DATA_DIR: dataDir,
      AUTH_SECRET: 'another-secret-of-at-least-32-characters',
    });
    const reply = await service.request('GET', `/iptv/supportcase?token=${stdout.trim()}`);
    expect(reply.status).toBe(401);
    expect(reply.body.error).toBe('invalid_token');
  });

  it('refuses an unknown access level with exit code 2', async () => {
    await expect(cli('token.cli.ts', ['--access-level', 'ROOT'], { DATA_DIR: dataDir })).rejects.toMatchObject({
      code: 2,
    });
  });
});

describe('npm run rebuild-read-model', () => {
  let service: ServiceUnderTest;
  let admin: string;

  beforeAll(async () => {
    service = await ServiceUnderTest.start();
    admin = await service.token({ accessLevel: 'ADMIN' });
  });
  afterAll(() => service.stop());

  async function createCases(count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const reply = await service.request('POST', '/iptv/supportcase', { token: admin, body: { name: `case ${i}` } });
      ids.push(reply.body._id);
    }
    return ids;
  }

  it('replays every event while the service keeps taking writes, and the read model equals the fold of each stream', async () => {
    const ids = await createCases(20);
    const env = { DATA_DIR: service.config.dataDir, AUTH_SECRET: service.config.authSecret as string };
    const rebuild = cli('rebuild-read-model.cli.ts', [], env);
    const writes = ids.map((id, i) =>
      service.request('POST', `/iptv/supportcase/${id}`, { token: admin, body: { description: `during ${i}` } }),
    );
    const [{ stdout }] = await Promise.all([rebuild, Promise.all(writes)]);
    expect(stdout).toMatch(/rebuild: done, \d+ events/);
    await service.projected();

    for (const id of ids) {
      const projected = await service.request('GET', `/iptv/supportcase/${id}`, { token: admin });
      const revision = Number(JSON.parse(projected.headers.get('etag') as string));
      const folded = await service.request('GET', `/iptv/supportcase/${id}?revision=${revision}`, { token: admin });
      expect(projected.body.description).toMatch(/^during /);
      expect(projected.body).toEqual(folded.body);
    }
    const list = await service.request('GET', '/iptv/supportcase?limit=500', { token: admin });
    expect(list.body.total).toBe(ids.length);
  });
});
