import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { SqliteEventStore, START_OF_LOG } from '@lib/event-store';
import { sqliteFile } from '../apps/supportcase-service/src/config/service-config';
import {
  adminTokenFor,
  boundForProcessStarts,
  requestAt,
  ServiceProcess,
  STARTUP_TIMEOUT_MS,
} from './support/service-process';

// The longest test runs the command-line tool twice and starts the service twice.
jest.setTimeout(boundForProcessStarts(4));

const run = promisify(execFile);
const root = resolve(__dirname, '..');
const newKey = () => randomBytes(32).toString('base64');

/** `npm run -s keys -- …`: its exit code and output. */
async function keys(args: string[], env: Record<string, string>) {
  const script = join(root, 'apps/supportcase-service/src/cli/keys.cli.ts');
  return run(process.execPath, ['-r', '@swc-node/register', script, ...args], {
    cwd: root,
    env: { PATH: process.env.PATH, ...env },
    timeout: STARTUP_TIMEOUT_MS,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ ...error }),
  );
}

describe('npm run keys -- rotate', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'supportcase-keys-cli-'));
  const authSecret = randomBytes(32).toString('hex');
  const [oldKey, newerKey] = [newKey(), newKey()];
  let caseId: string;

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  /** The service on DATA_DIR under `key`, for `work`; stopped after. */
  async function withService<T>(key: string, work: (baseUrl: string, token: string) => Promise<T>): Promise<T> {
    const service = await ServiceProcess.start({
      DATA_DIR: dataDir,
      AUTH_SECRET: authSecret,
      DATA_ENCRYPTION_KEY: key,
    });
    try {
      const token = await adminTokenFor(authSecret);
      return await work(service.baseUrl, token);
    } finally {
      await service.kill('SIGTERM');
    }
  }

  async function storedEvents(): Promise<unknown[]> {
    const store = SqliteEventStore.open(sqliteFile({ dataDir }));
    try {
      return await store.readAll({ after: START_OF_LOG, maxCount: 1000 });
    } finally {
      await store.close();
    }
  }

  beforeAll(async () => {
    caseId = await withService(oldKey, async (baseUrl, token) => {
      const reply = await requestAt(baseUrl, 'POST', '/iptv/supportcase', {
        token,
        body: { name: 'Gertrud har ingen lyd' },
      });
      return reply.body._id;
    });
  });

  it('re-wraps every data key under the new key, changing no event; the service then opens the cases under it alone', async () => {
    const before = await storedEvents();

    const rotated = await keys(['rotate'], {
      DATA_DIR: dataDir,
      DATA_ENCRYPTION_KEY: oldKey,
      NEW_DATA_ENCRYPTION_KEY: newerKey,
    });

    expect(rotated).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^keys: 1 data keys re-wrapped under key/),
    });
    expect(await storedEvents()).toEqual(before);
    const got = await withService(newerKey, (baseUrl, token) =>
      requestAt(baseUrl, 'GET', `/iptv/supportcase/${caseId}`, { token }),
    );
    expect(got.body).toMatchObject({ _id: caseId, name: 'Gertrud har ingen lyd' });
    await expect(ServiceProcess.start({ DATA_DIR: dataDir, DATA_ENCRYPTION_KEY: oldKey })).rejects.toThrow(
      /is not the key the key store's data keys are wrapped under/,
    );
    const again = await keys(['rotate'], {
      DATA_DIR: dataDir,
      DATA_ENCRYPTION_KEY: oldKey,
      NEW_DATA_ENCRYPTION_KEY: newerKey,
    });
    expect(again).toMatchObject({ code: 0, stdout: expect.stringMatching(/^keys: 0 data keys re-wrapped/) });
  });

  it('refuses a current key the store is not under, and a malformed new key, echoing neither', async () => {
    const stranger = newKey();

    const wrongCurrent = await keys(['rotate'], {
      DATA_DIR: dataDir,
      DATA_ENCRYPTION_KEY: stranger,
      NEW_DATA_ENCRYPTION_KEY: newKey(),
    });
    const malformed = await keys(['rotate'], {
      DATA_DIR: dataDir,
      DATA_ENCRYPTION_KEY: newerKey,
      NEW_DATA_ENCRYPTION_KEY: 'hunter2',
    });

    expect(wrongCurrent).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^keys: failed: the key store's data keys are wrapped under key/),
    });
    expect(wrongCurrent.stderr).not.toContain(stranger);
    expect(malformed).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/NEW_DATA_ENCRYPTION_KEY must be 32 random bytes/),
    });
    expect(malformed.stderr).not.toContain('hunter2');
  });
});
