import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
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

const JUST_A_TOKEN = /^[\w-]+\.[\w-]+\.[\w-]+\n$/;

describe('npm run token', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'supportcase-cli-'));
  const secretFile = join(dataDir, AUTH_SECRET_FILE);
  let firstRun: { stdout: string; stderr: string };
  let service: ServiceUnderTest;

  beforeAll(async () => {
    firstRun = await cli('token.cli.ts', ['--access-level', 'ADMIN'], { DATA_DIR: dataDir });
    service = await ServiceUnderTest.start({ dataDir, authSecret: undefined });
  });
  afterAll(() => service.stop());

  it('keeps the generated secret in DATA_DIR, readable by its owner only', () => {
    expect(statSync(secretFile).mode & 0o777).toBe(0o600);
  });

  it('prints only the token on stdout, and on stderr which file it created and that the service must share it', () => {
    expect(firstRun.stdout).toMatch(JUST_A_TOKEN);
    expect(firstRun.stderr).toContain(`signed with the secret in ${secretFile}`);
    expect(firstRun.stderr).toMatch(/created .*new secret/);
    expect(firstRun.stderr).toMatch(/the service .*same DATA_DIR.* or .*AUTH_SECRET/);
    expect(firstRun.stderr).not.toContain(readFileSync(secretFile, 'utf8'));
  });

  it('names the secret file it reused, without a warning', async () => {
    const { stdout, stderr } = await cli('token.cli.ts', ['--access-level', 'ADMIN'], { DATA_DIR: dataDir });

    expect(stdout).toMatch(JUST_A_TOKEN);
    expect(stderr).toBe(`token: signed with the secret in ${secretFile} (DATA_DIR)\n`);
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

  it('signs with AUTH_SECRET when it is set, says so without showing it, and the service then refuses it naming why', async () => {
    const authSecret = 'another-secret-of-at-least-32-characters';
    const { stdout, stderr } = await cli('token.cli.ts', ['--access-level', 'ADMIN'], {
      DATA_DIR: dataDir,
      AUTH_SECRET: authSecret,
    });

    expect(stdout).toMatch(JUST_A_TOKEN);
    expect(stderr).toBe('token: signed with AUTH_SECRET from the environment\n');
    const reply = await service.request('GET', `/iptv/supportcase?token=${stdout.trim()}`);
    expect(reply.status).toBe(401);
    expect(reply.body).toMatchObject({
      error: 'invalid_token',
      detail: expect.stringMatching(/AUTH_SECRET.*DATA_DIR/),
    });
    expect(JSON.stringify(reply.body)).not.toContain(authSecret);
  });

  it("warns when a token minted without the service's DATA_DIR made a secret of its own, which the service refuses", async () => {
    const strayDataDir = mkdtempSync(join(tmpdir(), 'supportcase-cli-stray-'));
    try {
      const { stdout, stderr } = await cli('token.cli.ts', ['--access-level', 'ADMIN'], { DATA_DIR: strayDataDir });

      expect(stderr).toContain(join(strayDataDir, AUTH_SECRET_FILE));
      expect(stderr).toMatch(/created .*new secret/);
      const reply = await service.request('GET', `/iptv/supportcase?token=${stdout.trim()}`);
      expect(reply.status).toBe(401);
      expect(reply.body.detail).toMatch(/^token signature does not match/);
    } finally {
      rmSync(strayDataDir, { recursive: true, force: true });
    }
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
    // The command rebuilds the embedded read model: the service keeps its read model and keys in DATA_DIR.
    service = await ServiceUnderTest.start({ databaseUrl: undefined });
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
