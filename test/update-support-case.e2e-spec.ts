import { newId, ServiceUnderTest, type Reply } from './support/service-under-test';
import { expectProblem, SUPPORT_CASES, SupportCaseClient } from './support/support-case-client';

const ADMIN = {
  accessLevel: 'ADMIN' as const,
  employee: 'aaaaaaaaaaaaaaaaaaaaaaaa',
  name: 'Ada Admin',
  customer: 'cccccccccccccccccccccccc',
  customerName: 'PlayMaker Support',
};

const HEX_ID = /^[0-9a-f]{24}$/;
const IMAGE = { url: 'https://image.telecomx.dk/skaerm.jpeg', type: 'IMAGE' };

describe('POST /iptv/supportcase/:id (update) over HTTP', () => {
  let service: ServiceUnderTest;
  let admin: SupportCaseClient;
  let adminToken: string;

  beforeAll(async () => {
    service = await ServiceUnderTest.start();
    adminToken = await service.token(ADMIN);
    admin = new SupportCaseClient(service, adminToken);
  });

  afterAll(async () => {
    await service?.stop();
  });

  describe('addressing', () => {
    it.each(['not-an-id', '1234567890abcdef1234567', '1234567890abcdef123456789', '1234567890abcdef1234567g'])(
      'answers 400 invalid_id for the path id %s',
      async (badId) => {
        expectProblem(await admin.update(badId, { name: 'x' }), 400, 'invalid_id', 'id');
      },
    );

    it('answers 404 not_found for a case that does not exist, and creates none', async () => {
      const id = newId();
      expectProblem(await admin.update(id, { name: 'x' }), 404, 'not_found');
      expectProblem(await admin.historyReply(id), 404, 'not_found');
    });

    it('answers 400 naming /_id when the body _id differs from the path, and stores nothing', async () => {
      const { _id } = await admin.created();
      const reply = await admin.update(_id, { _id: newId(), name: 'Anden sag' });
      expectProblem(reply, 400, 'invalid_body', '/_id');
      expect(await admin.history(_id)).toHaveLength(1);
      expect((await admin.projected(_id)).body.name).toBe('Fjernbetjening virker ikke');
    });
  });

  describe('fields', () => {
    it('changes only the fields present in the body', async () => {
      const original = await admin.created({
        name: 'Lyd',
        description: 'Ingen lyd',
        device: 'IOS',
        systemVersion: '17.1',
      });

      const reply = await admin.update(original._id, { systemVersion: '17.2' });

      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({ ...original, systemVersion: '17.2', lastUpdated: expect.any(String) });
      expect((await admin.projected(original._id)).body).toEqual(reply.body);
    });

    it('accepts date and lastUpdated but keeps the server’s own', async () => {
      const original = await admin.created();
      const old = '2001-01-01T00:00:00.000Z';

      const unchanged = await admin.update(original._id, { date: old, lastUpdated: old });
      expect(unchanged.status).toBe(200);
      expect(unchanged.body).toEqual(original);

      const changed = await admin.update(original._id, { date: old, lastUpdated: old, description: 'Ny beskrivelse' });
      expect(changed.status).toBe(200);
      expect(changed.body.date).toBe(original.date);
      expect(changed.body.lastUpdated).not.toBe(old);
      const events = await admin.history(original._id);
      expect(events.map((e) => e.type)).toEqual(['SupportCaseCreated', 'SupportCaseUpdated']);
      expect(events[1].data).toEqual({ changes: { description: 'Ny beskrivelse' } });
    });

    it('clears an optional field given as null', async () => {
      const original = await admin.created({
        name: 'Billede',
        description: 'Sort skærm',
        device: 'APPLETV',
        customerName: 'X',
      });

      const reply = await admin.update(original._id, { description: null, device: null });

      expect(reply.status).toBe(200);
      expect(reply.body).not.toHaveProperty('description');
      expect(reply.body).not.toHaveProperty('device');
      expect(reply.body.customerName).toBe('X');
      const [, updated] = await admin.history(original._id);
      expect(updated).toMatchObject({
        type: 'SupportCaseUpdated',
        data: { changes: { description: null, device: null } },
      });
      const fetched = (await admin.projected(original._id)).body;
      expect(fetched).not.toHaveProperty('description');
      expect(fetched).not.toHaveProperty('device');
    });

    it('puts the other fields into ONE SupportCaseUpdated holding only what changed', async () => {
      const original = await admin.created({ name: 'Net', description: 'd', customerName: 'C', device: 'IOS' });

      const reply = await admin.update(original._id, {
        name: 'Netværk',
        description: 'd',
        customerName: 'C2',
        device: 'IOS',
        playMakerVersion: '3.1',
      });

      expect(reply.status).toBe(200);
      const appended = await admin.eventsAfter(original._id, 1);
      expect(appended).toHaveLength(1);
      expect(appended[0]).toMatchObject({
        revision: 1,
        type: 'SupportCaseUpdated',
        data: { changes: { name: 'Netværk', customerName: 'C2', playMakerVersion: '3.1' } },
      });
      expect(Object.keys(appended[0].data.changes).sort()).toEqual(['customerName', 'name', 'playMakerVersion']);
    });

    it('replaces files and answers each with _id, also when it was sent as id', async () => {
      const original = await admin.created({ name: 'Filer', files: [IMAGE] });
      expect(original.files).toEqual([{ _id: expect.stringMatching(HEX_ID), ...IMAGE }]);
      const doc = { id: 'ABCDEF0123456789ABCDEF01', url: 'https://image.telecomx.dk/log.txt', type: 'DOC' };

      const reply = await admin.update(original._id, { files: [doc] });

      expect(reply.status).toBe(200);
      const expectedFiles = [{ _id: 'abcdef0123456789abcdef01', url: doc.url, type: 'DOC' }];
      expect(reply.body.files).toEqual(expectedFiles);
      const [, updated] = await admin.history(original._id);
      expect(updated).toMatchObject({ type: 'SupportCaseUpdated', data: { changes: { files: expectedFiles } } });
      expect((await admin.projected(original._id)).body.files).toEqual(expectedFiles);
    });
  });

  describe('solved, response and comments', () => {
    it('emits SupportCaseSolved for false→true and SupportCaseReopened for true→false', async () => {
      const { _id } = await admin.created();

      const solved = await admin.update(_id, { solved: true });
      expect(solved.body.solved).toBe(true);
      const reopened = await admin.update(_id, { solved: false });
      expect(reopened.body.solved).toBe(false);
      const again = await admin.update(_id, { solved: false });
      expect(again.body.solved).toBe(false);

      const events = await admin.history(_id);
      expect(events.map((e) => e.type)).toEqual(['SupportCaseCreated', 'SupportCaseSolved', 'SupportCaseReopened']);
    });

    it('records a response as SupportCaseResponded with the defaults and the acting admin', async () => {
      const { _id } = await admin.created();
      const before = Date.now();

      const reply = await admin.update(_id, { response: { answer: 'Genstart boksen.' } });

      expect(reply.status).toBe(200);
      const response = reply.body.response;
      expect(response).toEqual({
        answer: 'Genstart boksen.',
        author: 'PlayMaker Teamet',
        date: expect.any(String),
        employee: ADMIN.employee,
        employeeName: ADMIN.name,
      });
      expect(Date.parse(response.date)).toBeGreaterThanOrEqual(before);
      const [, responded] = await admin.history(_id);
      expect(responded).toMatchObject({ type: 'SupportCaseResponded', data: { response } });
    });

    it('adds new comments, edits known ones and keeps the known ones a body leaves out', async () => {
      const { _id } = await admin.created();

      const first = await admin.update(_id, { comments: [{ comment: 'Første' }] });
      expect(first.status).toBe(200);
      const [added] = first.body.comments;
      expect(added).toEqual({
        _id: expect.stringMatching(HEX_ID),
        comment: 'Første',
        date: expect.any(String),
        customer: ADMIN.customer,
        customerName: ADMIN.customerName,
        employee: ADMIN.employee,
        employeeName: ADMIN.name,
        isSupport: true,
        files: [],
      });

      const second = await admin.update(_id, {
        comments: [{ _id: added._id.toUpperCase(), comment: 'Første, rettet' }, { comment: 'Anden' }],
      });
      expect(second.body.comments.map((c: any) => c.comment)).toEqual(['Første, rettet', 'Anden']);
      expect(second.body.comments[0]._id).toBe(added._id);

      const third = await admin.update(_id, { comments: [{ comment: 'Tredje' }] });
      expect(third.body.comments.map((c: any) => c.comment)).toEqual(['Første, rettet', 'Anden', 'Tredje']);

      const events = await admin.history(_id);
      expect(events.map((e) => e.type)).toEqual([
        'SupportCaseCreated',
        'SupportCaseCommented',
        'SupportCaseCommentEdited',
        'SupportCaseCommented',
        'SupportCaseCommented',
      ]);
      expect(events[2].data).toEqual({ commentId: added._id, comment: 'Første, rettet' });
      expect((await admin.projected(_id)).body.comments).toEqual(third.body.comments);
    });

    it('removes a comment with DELETE (SupportCaseCommentRemoved); an unknown comment is 404', async () => {
      const { _id } = await admin.created();
      const { body } = await admin.update(_id, { comments: [{ comment: 'Behold' }, { comment: 'Fjern' }] });
      const [kept, removed] = body.comments;

      const reply = await service.request('DELETE', `${SUPPORT_CASES}/${_id}/comment/${removed._id}`, {
        token: adminToken,
      });

      expect(reply.status).toBe(200);
      expect(reply.body.comments).toEqual([kept]);
      const events = await admin.history(_id);
      expect(events[events.length - 1]).toMatchObject({
        type: 'SupportCaseCommentRemoved',
        data: { commentId: removed._id },
      });
      expect((await admin.projected(_id)).body.comments).toEqual([kept]);

      const unknown = await service.request('DELETE', `${SUPPORT_CASES}/${_id}/comment/${newId()}`, {
        token: adminToken,
      });
      expectProblem(unknown, 404, 'not_found');
      expect(await admin.history(_id)).toHaveLength(events.length);
    });

    it.each(['application/json', 'text/plain'])(
      'removes a comment with DELETE sent without a body and with Content-Type %s',
      async (contentType) => {
        const { _id } = await admin.created();
        const { body } = await admin.update(_id, { comments: [{ comment: 'Fjern' }] });

        const reply = await service.request('DELETE', `${SUPPORT_CASES}/${_id}/comment/${body.comments[0]._id}`, {
          token: adminToken,
          headers: { 'content-type': contentType },
        });

        expect({ status: reply.status, comments: reply.body.comments }).toEqual({ status: 200, comments: [] });
      },
    );
  });

  describe('nothing changed', () => {
    it('appends nothing and answers 200 with the current document when the body changes nothing', async () => {
      const { _id } = await admin.created({
        name: 'Alt',
        description: 'Beskrivelse',
        device: 'CHROMEMAC',
        files: [IMAGE],
        response: { answer: 'Svar' },
        comments: [{ comment: 'Kommentar', files: [IMAGE] }],
      });
      const current = await admin.projected(_id);
      const length = (await admin.history(_id)).length;

      const reply = await admin.update(_id, current.body);

      expect(reply.status).toBe(200);
      expect(reply.body).toEqual(current.body);
      expect(reply.headers.get('etag')).toBe(current.headers.get('etag'));
      expect(await admin.history(_id)).toHaveLength(length);
    });
  });

  describe('revisions', () => {
    it('sends ETag "<revision>" on create, get and update', async () => {
      const created = await admin.create({ name: 'ETag' });
      expect(created.headers.get('etag')).toBe('"0"');
      const id = created.body._id;
      expect((await admin.projected(id)).headers.get('etag')).toBe('"0"');

      const updated = await admin.update(id, { description: 'a', solved: true });
      expect(updated.headers.get('etag')).toBe('"2"');
      expect((await admin.projected(id)).headers.get('etag')).toBe('"2"');
    });

    it('refuses a stale If-Match with 412 precondition_failed and stores nothing', async () => {
      const { _id } = await admin.created();
      await admin.update(_id, { description: 'første' });

      const stale = await admin.update(_id, { description: 'anden' }, { headers: { 'if-match': '"0"' } });

      expectProblem(stale, 412, 'precondition_failed');
      expect(await admin.history(_id)).toHaveLength(2);
      expect((await admin.projected(_id)).body.description).toBe('første');
    });

    it('applies an update whose If-Match names the current revision', async () => {
      const { _id } = await admin.created();

      const reply = await admin.update(_id, { description: 'ny' }, { headers: { 'if-match': '"0"' } });

      expect(reply.status).toBe(200);
      expect(reply.headers.get('etag')).toBe('"1"');
      expect(reply.body.description).toBe('ny');
    });

    it.each(['*', '"7", "0"'])('applies an update under If-Match: %s', async (ifMatch) => {
      const { _id } = await admin.created();

      const reply = await admin.update(_id, { description: 'ny' }, { headers: { 'if-match': ifMatch } });

      expect([reply.status, reply.headers.get('etag')]).toEqual([200, '"1"']);
    });

    it('refuses a well-formed If-Match that names no revision with 412', async () => {
      const { _id } = await admin.created();
      expectProblem(
        await admin.update(_id, { description: 'ny' }, { headers: { 'if-match': '"abc"' } }),
        412,
        'precondition_failed',
      );
      expect(await admin.history(_id)).toHaveLength(1);
    });

    describe('a malformed If-Match answers 400 invalid_header naming it, and stores nothing', () => {
      const WRITES: Record<string, (id: string, commentId: string, ifMatch: string) => Promise<Reply>> = {
        update: (id, _commentId, ifMatch) =>
          admin.update(id, { description: 'ny' }, { headers: { 'if-match': ifMatch } }),
        comment: (id, _commentId, ifMatch) =>
          service.request('POST', `${SUPPORT_CASES}/${id}/comment`, {
            token: adminToken,
            body: { comment: 'Hej' },
            headers: { 'if-match': ifMatch },
          }),
        'remove a comment': (id, commentId, ifMatch) =>
          service.request('DELETE', `${SUPPORT_CASES}/${id}/comment/${commentId}`, {
            token: adminToken,
            headers: { 'if-match': ifMatch },
          }),
      };

      it.each(Object.keys(WRITES).flatMap((write) => ['abc', '0', '"0'].map((ifMatch) => [write, ifMatch])))(
        '%s with If-Match: %s',
        async (write, ifMatch) => {
          const { _id, comments } = await admin.created({ name: 'Betinget', comments: [{ comment: 'Behold' }] });

          const reply = await WRITES[write](_id, comments[0]._id, ifMatch);

          expectProblem(reply, 400, 'invalid_header', 'If-Match');
          expect(reply.body.detail).toContain('If-Match');
          expect(await admin.history(_id)).toHaveLength(1);
        },
      );
    });
  });

  describe('concurrency', () => {
    const N = 50;
    const texts = Array.from({ length: N }, (_, i) => `kommentar ${i}`);

    async function expectEachCommentOnce(id: string): Promise<void> {
      const { body } = await admin.projected(id);
      expect([...body.comments.map((c: any) => c.comment)].sort()).toEqual([...texts].sort());
      expect(new Set(body.comments.map((c: any) => c._id)).size).toBe(N);
      const commented = (await admin.history(id)).filter((e) => e.type === 'SupportCaseCommented');
      expect(commented).toHaveLength(N);
    }

    it(`keeps all of ${N} concurrent POST /:id/comment, each exactly once`, async () => {
      const { _id } = await admin.created();

      const replies = await Promise.all(
        texts.map((comment) =>
          service.request('POST', `${SUPPORT_CASES}/${_id}/comment`, { token: adminToken, body: { comment } }),
        ),
      );

      expect(replies.map((r) => r.status)).toEqual(texts.map(() => 200));
      await expectEachCommentOnce(_id);
    });

    it(`keeps all of ${N} concurrent updates without If-Match that each add a comment`, async () => {
      const { _id } = await admin.created();

      const replies = await Promise.all(texts.map((comment) => admin.update(_id, { comments: [{ comment }] })));

      expect(replies.map((r) => r.status)).toEqual(texts.map(() => 200));
      await expectEachCommentOnce(_id);
    });
  });
});
