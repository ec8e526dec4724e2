import { ServiceUnderTest } from './support/service-under-test';

describe('Idempotency-Key on create, update and comment', () => {
  let service: ServiceUnderTest;
  let admin: string;

  beforeAll(async () => {
    service = await ServiceUnderTest.start();
    admin = await service.token({ accessLevel: 'ADMIN', name: 'Ada' });
  });
  afterAll(() => service.stop());

  const send = (method: string, path: string, body: unknown, key?: string, token = admin) =>
    service.request(method, path, { token, body, headers: key === undefined ? {} : { 'idempotency-key': key } });
  const historyOf = async (id: string) =>
    (await service.request('GET', `/iptv/supportcase/${id}/history`, { token: admin })).body.events;

  it('answers a repeated create with the first response and stores one case', async () => {
    const first = await send('POST', '/iptv/supportcase', { name: 'én gang' }, 'create-1');
    const again = await send('POST', '/iptv/supportcase', { name: 'én gang' }, 'create-1');

    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(await historyOf(first.body._id)).toHaveLength(1);
    await service.projected();
    const list = await service.request('GET', '/iptv/supportcase', { token: admin });
    expect(list.body.supportCases.filter((c: { name: string }) => c.name === 'én gang')).toHaveLength(1);
  });

  it('refuses the same key with another body with 422, storing nothing', async () => {
    const first = await send('POST', '/iptv/supportcase', { name: 'første' }, 'create-2');
    const other = await send('POST', '/iptv/supportcase', { name: 'anden' }, 'create-2');

    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ error: 'idempotency_key_reused', errors: [{ path: 'Idempotency-Key' }] });
    expect(await historyOf(first.body._id)).toHaveLength(1);
  });

  it('answers a repeated update with the first response even after later changes, applying it once', async () => {
    const { body: created } = await send('POST', '/iptv/supportcase', { name: 'opdateres' });
    const path = `/iptv/supportcase/${created._id}`;
    const first = await send('POST', path, { description: 'A', comments: [{ comment: 'hej' }] }, 'update-1');
    await send('POST', path, { description: 'B' });
    const again = await send('POST', path, { description: 'A', comments: [{ comment: 'hej' }] }, 'update-1');

    expect(again.body).toEqual(first.body);
    expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
    const types = (await historyOf(created._id)).map((event: { type: string }) => event.type);
    expect(types).toEqual(['SupportCaseCreated', 'SupportCaseUpdated', 'SupportCaseCommented', 'SupportCaseUpdated']);
  });

  it('adds a comment once however often the same request is sent, even at once', async () => {
    const { body: created } = await send('POST', '/iptv/supportcase', { name: 'kommenteres' });
    const path = `/iptv/supportcase/${created._id}/comment`;
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => send('POST', path, { comment: 'én' }, 'comment-1')),
    );

    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
    expect(new Set(answers.map((answer) => answer.headers.get('etag')))).toEqual(new Set(['"1"']));
    expect(
      (await historyOf(created._id)).filter((e: { type: string }) => e.type === 'SupportCaseCommented'),
    ).toHaveLength(1);
  });

  it('keeps one caller’s keys apart from another’s', async () => {
    const other = await service.token({ accessLevel: 'ADMIN', name: 'Bo' });
    const mine = await send('POST', '/iptv/supportcase', { name: 'delt nøgle' }, 'shared');
    const theirs = await send('POST', '/iptv/supportcase', { name: 'delt nøgle' }, 'shared', other);
    expect(theirs.status).toBe(200);
    expect(theirs.body._id).not.toBe(mine.body._id);
  });

  it('refuses a key that is not 1 to 200 visible ASCII characters', async () => {
    const reply = await send('POST', '/iptv/supportcase', { name: 'x' }, 'æøå');
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ error: 'invalid_header', errors: [{ path: 'Idempotency-Key' }] });
  });
});
