import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { streamIdOf, type SupportCaseEventBody } from '@lib/domain';
import { caseCommented, caseCreated, caseSolved, storedEvent } from '@lib/domain/testing';
import { SqliteEventStore } from '@lib/event-store';
import { appendLinked } from '@lib/event-store/testing';
import { sqliteFile } from '../apps/supportcase-service/src/config/service-config';
import { RETENTION_ACTOR, RetentionRole } from '../apps/supportcase-service/src/retention/retention.role';
import { sealedAs } from './support/service-sealing';
import { newId, ServiceUnderTest } from './support/service-under-test';

const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 60 * 60 * 1000).toISOString();

/** A case's events appended as an earlier process stored them, each at its own time. */
async function storedCase(dataDir: string, caseId: string, events: [SupportCaseEventBody, string][]): Promise<void> {
  const store = SqliteEventStore.open(sqliteFile({ dataDir }));
  try {
    const streamId = streamIdOf(caseId);
    const stored = events.map(([event, at]) => ({ id: randomUUID(), ...storedEvent(event, at) }));
    await appendLinked(
      store,
      streamId,
      await sealedAs({ dataDir, eventStore: { kind: 'sqlite' }, databaseSchema: 'public' }, streamId, stored),
    );
  } finally {
    await store.close();
  }
}

const opened = (caseId: string) => caseCreated({ _id: caseId, owner: newId(), date: daysAgo(10), comments: [] });

describe('retention (RETENTION_ERASE_SOLVED_AFTER_DAYS)', () => {
  let service: ServiceUnderTest | undefined;

  afterEach(() => service?.stop());

  it('erases the cases solved and unchanged for longer, as the service, and no other', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'supportcase-retention-'));
    const [expired, changedSince, open] = [newId(), newId(), newId()];
    await storedCase(dataDir, expired, [
      [opened(expired), daysAgo(10)],
      [caseSolved(), daysAgo(9)],
    ]);
    await storedCase(dataDir, changedSince, [
      [opened(changedSince), daysAgo(10)],
      [caseSolved(), daysAgo(9)],
      [caseCommented('c00000000000000000000c01', 'Still there?'), daysAgo(1)],
    ]);
    await storedCase(dataDir, open, [[opened(open), daysAgo(10)]]);

    service = await ServiceUnderTest.start({
      dataDir,
      databaseUrl: undefined,
      retentionDays: 7,
      roles: new Set(['api', 'projector', 'retention'] as const),
    });
    await service.projected();
    await service.app.get(RetentionRole).eraseExpired();
    await service.projected();

    const token = await service.token({ accessLevel: 'ADMIN' });
    const get = async (id: string) => (await service!.request('GET', `/iptv/supportcase/${id}`, { token })).body;
    expect(await get(expired)).toMatchObject({ erased: { reason: 'retention' } });
    expect(await get(expired)).not.toHaveProperty('name');
    expect(await get(changedSince)).not.toHaveProperty('erased');
    expect(await get(open)).not.toHaveProperty('erased');
    const history = (await service.request('GET', `/iptv/supportcase/${expired}/history`, { token })).body;
    expect(history.events.at(-1)).toMatchObject({
      type: 'SupportCaseErased',
      actor: { employee: RETENTION_ACTOR.employee, customer: RETENTION_ACTOR.customer },
    });
  });
});
