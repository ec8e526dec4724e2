import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@lib/event-store';
import { sqliteFile } from '../apps/supportcase-service/src/config/service-config';
import { ServiceProcess } from './support/service-process';

describe('a store written before events were hash-chained', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'supportcase-unchained-'));
  });

  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is refused at start, with what to do, and left as it was', async () => {
    const events = SqliteEventStore.open(sqliteFile({ dataDir }));
    const unchained = { id: randomUUID(), type: 'SupportCaseCreated', data: { name: 'Gammel' }, metadata: {} };
    await events.appendToStream(`supportCase-${'a'.repeat(24)}`, [unchained], 'no_stream');
    await events.close();

    const outcome = await ServiceProcess.start({ DATA_DIR: dataDir }).then(
      async (service) => {
        await service.kill('SIGKILL');
        return 'started';
      },
      (error: Error) => error.message,
    );

    expect(outcome).toMatch(/^the service exited before listening/);
    expect(outcome).toMatch(
      /written before events were hash-chained.*create them again through this version on an empty DATA_DIR/,
    );
    expect(outcome).not.toMatch(/\bat .+:\d+:\d+/);

    const reopened = SqliteEventStore.open(sqliteFile({ dataDir }));
    const stored = await reopened.readStream(`supportCase-${'a'.repeat(24)}`);
    await reopened.close();
    expect(stored.map((event) => event.metadata)).toEqual([{}]);
  });
});
