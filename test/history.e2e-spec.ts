import Database from 'better-sqlite3';
import { streamIdOf } from '@lib/domain';
import { sqliteFile } from '../apps/supportcase-service/src/config/service-config';
import { newId, ServiceUnderTest } from './support/service-under-test';
import { expectProblem, pause, SupportCaseClient, type HistoryEvent } from './support/support-case-client';

const ADMIN = {
  accessLevel: 'ADMIN' as const,
  employee: 'aaaaaaaaaaaaaaaaaaaaaaaa',
  name: 'Ada Admin',
  customer: 'cccccccccccccccccccccccc',
  customerName: 'PlayMaker Support',
};

/** Enough for two requests to be stored under different milliseconds. */
const TICK_MS = 5;

describe('history and earlier states over HTTP', () => {
  let service: ServiceUnderTest;
  let admin: SupportCaseClient;

  beforeAll(async () => {
    service = await ServiceUnderTest.start();
    admin = new SupportCaseClient(service, await service.token(ADMIN));
  });

  afterAll(async () => {
    await service?.stop();
  });

  describe('GET /:id/history', () => {
    it('lists the stored events oldest first, each with revision, type, date, actor, correlationId and data', async () => {
      const created = await admin.created({ name: 'Historik' });
      await pause(TICK_MS);
      await admin.update(created._id, { description: 'Ny', solved: true });

      const reply = await admin.historyReply(created._id.toUpperCase());

      expect(reply.status).toBe(200);
      expect(Object.keys(reply.body).sort()).toEqual(['_id', 'events']);
      expect(reply.body._id).toBe(created._id);
      const events = reply.body.events;
      for (const event of events) {
        expect(Object.keys(event).sort()).toEqual([
          'actor',
          'correlationId',
          'data',
          'date',
          'hash',
          'previousHash',
          'revision',
          'type',
        ]);
        expect(event.actor).toEqual({
          employee: ADMIN.employee,
          employeeName: ADMIN.name,
          customer: ADMIN.customer,
          customerName: ADMIN.customerName,
          accessLevel: 'ADMIN',
        });
      }
      expect(events.map((e) => [e.revision, e.type])).toEqual([
        [0, 'SupportCaseCreated'],
        [1, 'SupportCaseUpdated'],
        [2, 'SupportCaseSolved'],
      ]);
      expect(events[0].data.supportCase).toMatchObject({ _id: created._id, name: 'Historik', solved: false });
      expect(events[1].data).toEqual({ changes: { description: 'Ny' } });
      expect(events[2].data).toEqual({});
      expect(Date.parse(events[1].date)).toBeGreaterThan(Date.parse(events[0].date));
      expect(events[2].date).toBe(events[1].date);
      expect(events[0].previousHash).toBe('0'.repeat(64));
      expect(events.slice(1).map((e) => e.previousHash)).toEqual(events.slice(0, -1).map((e) => e.hash));
    });

    it('uses the X-Request-Id of a request as the correlationId of the events it causes', async () => {
      const created = await admin.create({ name: 'Korrelation' }, { headers: { 'x-request-id': 'req-create-1' } });
      const id = created.body._id;
      const updated = await admin.update(
        id,
        { description: 'a', solved: true },
        { headers: { 'x-request-id': 'req-update-2' } },
      );
      const untagged = await admin.update(id, { description: 'b' });

      expect(created.headers.get('x-request-id')).toBe('req-create-1');
      expect(updated.headers.get('x-request-id')).toBe('req-update-2');
      const generated = untagged.headers.get('x-request-id');
      expect(generated).toMatch(/^[0-9a-f-]{36}$/);

      const events = await admin.history(id);
      expect(events.map((e) => [e.type, e.correlationId])).toEqual([
        ['SupportCaseCreated', 'req-create-1'],
        ['SupportCaseUpdated', 'req-update-2'],
        ['SupportCaseSolved', 'req-update-2'],
        ['SupportCaseUpdated', generated],
      ]);
    });

    it('answers 404 not_found for a case that does not exist', async () => {
      expectProblem(await admin.historyReply(newId()), 404, 'not_found');
    });
  });

  describe('GET /:id?revision=N and ?asOf=ISO', () => {
    /** A case created, then updated, then solved, each at its own millisecond. */
    let id: string;
    let events: HistoryEvent[];
    let created: any;
    let updated: any;
    let solved: any;

    beforeAll(async () => {
      created = await admin.created({ name: 'Tidsrejse', description: 'Første udgave' });
      id = created._id;
      await pause(TICK_MS);
      updated = (await admin.update(id, { description: 'Anden udgave' })).body;
      await pause(TICK_MS);
      solved = (await admin.update(id, { solved: true })).body;
      events = await admin.history(id);
    });

    it('has three changes stored in time order', () => {
      expect(events.map((e) => e.type)).toEqual(['SupportCaseCreated', 'SupportCaseUpdated', 'SupportCaseSolved']);
      expect(Date.parse(events[1].date)).toBeGreaterThan(Date.parse(events[0].date));
      expect(Date.parse(events[2].date)).toBeGreaterThan(Date.parse(events[1].date));
    });

    it.each([
      [0, () => created],
      [1, () => updated],
      [2, () => solved],
    ])('answers ?revision=%i with the case as it stood then', async (revision, expected) => {
      const reply = await admin.get(id, `?revision=${revision}`);

      expect(reply.status).toBe(200);
      expect(reply.headers.get('etag')).toBe(`"${revision}"`);
      expect(reply.body).toEqual(expected());
    });

    it('shows the created case at revision 0: first description, not solved', async () => {
      const reply = await admin.get(id, '?revision=0');
      expect(reply.body).toMatchObject({ description: 'Første udgave', solved: false });
    });

    it('answers ?asOf between two changes with the earlier state', async () => {
      const betweenCreateAndUpdate = events[0].date;
      const betweenUpdateAndSolve = new Date(Date.parse(events[2].date) - 1).toISOString();

      const first = await admin.get(id, `?asOf=${encodeURIComponent(betweenCreateAndUpdate)}`);
      const second = await admin.get(id, `?asOf=${encodeURIComponent(betweenUpdateAndSolve)}`);

      expect([first.status, first.headers.get('etag'), first.body]).toEqual([200, '"0"', created]);
      expect([second.status, second.headers.get('etag'), second.body]).toEqual([200, '"1"', updated]);
    });

    it('answers ?asOf after the last change with the current case', async () => {
      const reply = await admin.get(
        id,
        `?asOf=${encodeURIComponent(new Date(Date.parse(events[2].date) + 60_000).toISOString())}`,
      );
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual(solved);
    });

    it('answers 404 for an asOf before the case was created', async () => {
      const before = new Date(Date.parse(events[0].date) - 1).toISOString();
      expectProblem(await admin.get(id, `?asOf=${encodeURIComponent(before)}`), 404, 'not_found');
    });

    it('answers 404 for a revision past the last, naming the latest revision', async () => {
      const reply = await admin.get(id, '?revision=99');
      expectProblem(reply, 404, 'not_found', 'revision');
      expect(reply.body.detail).toBe('the case has no revision 99: its latest revision is 2');
    });

    it('answers 400 when both asOf and revision are given', async () => {
      const reply = await admin.get(id, `?revision=1&asOf=${encodeURIComponent(events[2].date)}`);
      expectProblem(reply, 400, 'invalid_query', 'revision');
    });

    it('answers 400 for a malformed revision or asOf', async () => {
      expectProblem(await admin.get(id, '?revision=-1'), 400, 'invalid_query', 'revision');
      expectProblem(await admin.get(id, '?asOf=yesterday'), 400, 'invalid_query', 'asOf');
    });

    it('answers 404 for a case that does not exist, by revision and by asOf', async () => {
      const unknown = newId();
      expectProblem(await admin.get(unknown, '?revision=0'), 404, 'not_found');
      expectProblem(
        await admin.get(unknown, `?asOf=${encodeURIComponent(new Date().toISOString())}`),
        404,
        'not_found',
      );
    });
  });

  describe('GET /:id/history/verify', () => {
    it("recomputes the case's hash chain and finds it whole", async () => {
      const created = await admin.created({ name: 'Kæde' });
      await admin.update(created._id, { description: 'Ny', solved: true });

      const reply = await admin.verifyHistoryReply(created._id);

      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({ ok: true, events: 3 });
    });

    it('names the first revision that does not hold once the stored event is changed behind the service', async () => {
      const created = await admin.created({ name: 'Kæde' });
      await admin.update(created._id, { description: 'Ny' });
      await admin.update(created._id, { solved: true });
      changeStoredData(service, created._id, 1, { changes: { description: 'Forged' } });

      const reply = await admin.verifyHistoryReply(created._id);

      expect(reply.body).toEqual({ ok: false, events: 3, brokenAt: 1, reason: 'the hash does not match the event' });
    });

    it('answers 404 for a case that has no events', async () => {
      const reply = await admin.verifyHistoryReply(newId());
      expectProblem(reply, 404, 'not_found');
    });
  });
});

/** Rewrites one stored event's data in the SQLite file, as someone with access to the file could. */
function changeStoredData(service: ServiceUnderTest, caseId: string, revision: number, data: object): void {
  const db = new Database(sqliteFile(service.config));
  try {
    db.prepare('UPDATE events SET data = ? WHERE stream_id = ? AND revision = ?').run(
      JSON.stringify(data),
      streamIdOf(caseId),
      revision,
    );
  } finally {
    db.close();
  }
}
