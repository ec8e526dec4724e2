import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_SCHEMA_VERSION, streamIdOf } from '@lib/domain';
import { SqliteEventStore } from '@lib/event-store';
import { appendLinked } from '@lib/event-store/testing';
import { keyStoreFile, sqliteFile } from '../apps/supportcase-service/src/config/service-config';
import { adminTokenFor, boundForProcessStarts, ServiceProcess, requestAt } from './support/service-process';

// The longest test starts the service three times.
jest.setTimeout(boundForProcessStarts(3));

const newKey = () => randomBytes(32).toString('base64');

/** What a start on `dataDir` with `env` ends in: "started", or the message of the exit before listening. */
async function startOutcome(dataDir: string, env: Record<string, string> = {}): Promise<string> {
  return ServiceProcess.start({ DATA_DIR: dataDir, ...env }).then(
    async (service) => {
      await service.kill('SIGKILL');
      return 'started';
    },
    (error: Error) => error.message,
  );
}

describe('the data encryption key and the key store, at start', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'supportcase-keys-'));
  });

  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  /** A case written by the service under `key`, which then stops. */
  async function caseWrittenUnder(key: string): Promise<void> {
    const authSecret = randomBytes(32).toString('hex');
    const service = await ServiceProcess.start({
      DATA_DIR: dataDir,
      DATA_ENCRYPTION_KEY: key,
      AUTH_SECRET: authSecret,
    });
    try {
      const token = await adminTokenFor(authSecret);
      const created = await requestAt(service.baseUrl, 'POST', '/iptv/supportcase', {
        token,
        body: { name: 'Kunden hedder Jensen' },
      });
      expect(created.status).toBe(200);
    } finally {
      await service.kill('SIGTERM');
    }
  }

  it('refuses another DATA_ENCRYPTION_KEY than the keys are wrapped under, naming neither key', async () => {
    const written = newKey();
    const other = newKey();
    await caseWrittenUnder(written);

    const outcome = await startOutcome(dataDir, { DATA_ENCRYPTION_KEY: other });

    expect(outcome).toMatch(/^the service exited before listening/);
    expect(outcome).toMatch(
      /DATA_ENCRYPTION_KEY \(id [0-9a-f]{16}\) is not the key the key store's data keys are wrapped/,
    );
    expect(outcome).not.toContain(written);
    expect(outcome).not.toContain(other);
    expect(outcome).not.toMatch(/\bat .+:\d+:\d+/);
    expect(await startOutcome(dataDir, { DATA_ENCRYPTION_KEY: written })).toBe('started');
  });

  it('refuses a key store that does not open the stored events', async () => {
    const key = newKey();
    await caseWrittenUnder(key);
    for (const suffix of ['', '-wal', '-shm']) rmSync(keyStoreFile({ dataDir }) + suffix, { force: true });

    const outcome = await startOutcome(dataDir, { DATA_ENCRYPTION_KEY: key });

    expect(outcome).toMatch(/the key store does not open the stored events .*restore the key store from the backup/);
  });

  it('refuses a DATA_ENCRYPTION_KEY that is no 32 bytes in base64, without echoing it', async () => {
    const outcome = await startOutcome(dataDir, { DATA_ENCRYPTION_KEY: 'hunter2-is-no-key' });

    expect(outcome).toMatch(/DATA_ENCRYPTION_KEY must be 32 random bytes in base64/);
    expect(outcome).not.toContain('hunter2');
  });

  it('refuses a store written before personal values were sealed, and leaves it as it was', async () => {
    const events = SqliteEventStore.open(sqliteFile({ dataDir }));
    const streamId = streamIdOf('a'.repeat(24));
    const inTheClear = {
      id: randomUUID(),
      type: 'SupportCaseCreated',
      data: { supportCase: { _id: 'a'.repeat(24), name: 'Gammel sag i klartekst' } },
      metadata: { schemaVersion: EVENT_SCHEMA_VERSION, occurredAt: new Date().toISOString() },
    };
    await appendLinked(events, streamId, [inTheClear]);
    await events.close();

    const outcome = await startOutcome(dataDir);

    expect(outcome).toMatch(
      /written before personal data was sealed.*create them again through this version on an empty DATA_DIR/,
    );
    const reopened = SqliteEventStore.open(sqliteFile({ dataDir }));
    const stored = await reopened.readStream(streamId);
    await reopened.close();
    expect(stored.map((event) => event.data)).toEqual([inTheClear.data]);
  });
});
