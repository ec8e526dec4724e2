import { EVENT_SCHEMA_VERSION, streamIdOf } from '@lib/domain';
import { SqliteEventStore } from '@lib/event-store';
import { appendLinked } from '@lib/event-store/testing';
import { randomUUID } from 'node:crypto';
import { sqliteFile, type ServiceConfig } from '../apps/supportcase-service/src/config/service-config';
import { sealedAs } from './support/service-sealing';
import { ServiceUnderTest } from './support/service-under-test';

describe('a restart on the same DATA_DIR', () => {
  let first: ServiceUnderTest;
  let second: ServiceUnderTest;

  afterAll(() => second?.stop());

  it('keeps every acknowledged change, and the projector resumes from its checkpoint', async () => {
    first = await ServiceUnderTest.start();
    const admin = await first.token({ accessLevel: 'ADMIN' });
    const created = await first.request('POST', '/iptv/supportcase', {
      token: admin,
      body: { name: 'before restart' },
    });
    await first.request('POST', `/iptv/supportcase/${created.body._id}`, { token: admin, body: { solved: true } });
    await first.projected();
    second = await first.restarted(() =>
      appendWhileServiceIsDown(first.config, created.body._id, 'written while the service was down'),
    );
    await second.projected();
    const got = await second.request('GET', `/iptv/supportcase/${created.body._id}`, { token: admin });
    expect(got.body).toMatchObject({
      name: 'before restart',
      solved: true,
      description: 'written while the service was down',
    });
    expect(got.headers.get('etag')).toBe('"2"');
    const list = await second.request('GET', '/iptv/supportcase', { token: admin });
    expect(list.body.total).toBe(1);
  });
});

/** Another writer of the same store (e.g. a second API process) appends one update, sealed as the service seals. */
async function appendWhileServiceIsDown(config: ServiceConfig, caseId: string, description: string): Promise<void> {
  const store = SqliteEventStore.open(sqliteFile(config));
  try {
    const metadata = {
      schemaVersion: EVENT_SCHEMA_VERSION,
      occurredAt: new Date().toISOString(),
      actor: { employee: 'a'.repeat(24), customer: 'b'.repeat(24), accessLevel: 'ADMIN' },
      correlationId: randomUUID(),
      causationId: randomUUID(),
    };
    const update = { id: randomUUID(), type: 'SupportCaseUpdated', data: { changes: { description } }, metadata };
    const streamId = streamIdOf(caseId);
    await appendLinked(store, streamId, await sealedAs(config, streamId, [update]));
  } finally {
    await store.close();
  }
}
