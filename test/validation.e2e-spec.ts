import { DEVICES } from '@lib/domain';
import type { Reply } from './support/service-under-test';
import { newId, ServiceUnderTest } from './support/service-under-test';
import { expectProblem, SUPPORT_CASES, SupportCaseClient } from './support/support-case-client';

const long = (length: number) => 'x'.repeat(length);
const IMAGE = { url: 'https://image.telecomx.dk/a.jpeg', type: 'IMAGE' };

describe('request validation over HTTP', () => {
  let service: ServiceUnderTest;
  let admin: SupportCaseClient;
  let adminToken: string;
  /** A case every refused update is aimed at; it must never change. */
  let target: { id: string; document: unknown; events: number };

  beforeAll(async () => {
    service = await ServiceUnderTest.start();
    adminToken = await service.token({ accessLevel: 'ADMIN', name: 'Ada Admin' });
    admin = new SupportCaseClient(service, adminToken);
    const created = await admin.created({
      name: 'Uændret',
      description: 'Må ikke ændres',
      comments: [{ comment: 'k' }],
    });
    target = { id: created._id, document: created, events: 1 };
  });

  afterAll(async () => {
    await service?.stop();
  });

  /** Nothing of a refused request was stored: the target case and the list stand as before. */
  async function expectNothingStored(totalBefore: number): Promise<void> {
    expect(await admin.history(target.id)).toHaveLength(target.events);
    expect((await admin.projected(target.id)).body).toEqual(target.document);
    expect((await admin.list('?limit=500')).body.total).toBe(totalBefore);
  }

  async function total(): Promise<number> {
    await service.projected();
    return (await admin.list('?limit=500')).body.total;
  }

  /** Sends a body to both create and update; both must refuse it the same way and store nothing. */
  async function expectRefusedEverywhere(
    send: (path: string) => Promise<Reply>,
    status: number,
    error: string,
    path?: string,
  ): Promise<void> {
    const before = await total();
    expectProblem(await send(SUPPORT_CASES), status, error, path);
    expectProblem(await send(`${SUPPORT_CASES}/${target.id}`), status, error, path);
    await expectNothingStored(before);
  }

  const postJson = (body: unknown) => (path: string) => service.request('POST', path, { token: adminToken, body });
  const postRaw = (rawBody: string) => (path: string) => service.request('POST', path, { token: adminToken, rawBody });

  describe('device', () => {
    it.each(['SAFARIMAC', 'SAFARIWINDOWS', 'CROMEMAC', 'ANDROIDTV', 'OTHER'])('accepts %s as it is', async (device) => {
      const created = await admin.created({ name: 'Enhed', device });
      expect(created.device).toBe(device);
      expect((await admin.projected(created._id)).body.device).toBe(device);
    });

    it('accepts CHROMEMAC and returns it as the documented CROMEMAC, on create and update', async () => {
      const created = await admin.created({ name: 'Chrome', device: 'CHROMEMAC' });
      expect(created.device).toBe('CROMEMAC');
      const other = await admin.created({ name: 'Chrome', device: 'IOS' });
      const updated = await admin.update(other._id, { device: 'CHROMEMAC' });
      expect(updated.body.device).toBe('CROMEMAC');
      expect((await admin.projected(other._id)).body.device).toBe('CROMEMAC');
    });

    it.each(['NOKIA', 'SAFARIMAC SAFARIWINDOWS', ''])(
      'refuses the unknown device "%s" naming /device',
      async (device) => {
        await expectRefusedEverywhere(postJson({ name: 'Enhed', device }), 400, 'invalid_body', '/device');
      },
    );

    it('names an unknown device once, listing the allowed values', async () => {
      const reply = await postJson({ name: 'Enhed', device: 'NOKIA' })(SUPPORT_CASES);
      const allowed = [...DEVICES, 'CHROMEMAC'].map((device) => `"${device}"`).join(', ');
      expect(reply.body.errors).toEqual([{ path: '/device', message: `must be one of ${allowed}, null` }]);
    });
  });

  describe('ids', () => {
    it('takes 24-hex ids in any case and returns them in lower case', async () => {
      const upper = 'ABCDEF0123456789ABCDEF01';
      const id = newId().toUpperCase();

      const created = await admin.created({
        _id: id,
        name: 'Store bogstaver',
        customer: upper,
        employee: upper,
        files: [{ _id: upper, ...IMAGE }],
        comments: [{ _id: upper, comment: 'k', customer: upper, employee: upper, files: [{ id: upper, ...IMAGE }] }],
      });

      const lower = upper.toLowerCase();
      expect(created).toMatchObject({
        _id: id.toLowerCase(),
        customer: lower,
        employee: lower,
        files: [{ _id: lower }],
        comments: [{ _id: lower, customer: lower, employee: lower, files: [{ _id: lower }] }],
      });
      const fetched = await service.request('GET', `${SUPPORT_CASES}/${id}`, { token: adminToken });
      expect(fetched.status).toBe(200);
      expect(fetched.body).toEqual(created);
    });

    it("takes a token's ids in any case and records them in lower case", async () => {
      const [employee, customer] = [newId(), newId()];
      const token = await service.token({
        accessLevel: 'RESELLER',
        employee: employee.toUpperCase(),
        customer: customer.toUpperCase(),
        customerFeatures: ['IPTVBUSINESS'],
        employeeFeatures: ['PLAYMAKERSTATUS'],
      });
      const reseller = new SupportCaseClient(service, token);

      const created = await reseller.created({ name: 'Store bogstaver i token' });
      const commented = await service.request('POST', `${SUPPORT_CASES}/${created._id}/comment`, {
        token,
        body: { comment: 'k' },
      });

      expect(created).toMatchObject({ customer, employee });
      expect(commented.body.comments).toEqual([expect.objectContaining({ customer, employee })]);
      await service.projected();
      expect((await reseller.list()).body.supportCases.map((c: { _id: string }) => c._id)).toEqual([created._id]);
    });

    it.each([
      ['/_id', { _id: '1234' }],
      ['/customer', { customer: 'zzzzzzzzzzzzzzzzzzzzzzzz' }],
      ['/files/0/_id', { files: [{ _id: '12345678901234567890123g', ...IMAGE }] }],
      ['/comments/0/employee', { comments: [{ comment: 'k', employee: 'abc' }] }],
    ])('refuses a malformed id naming %s', async (path, fields) => {
      await expectRefusedEverywhere(postJson({ name: 'Id', ...fields }), 400, 'invalid_body', path);
    });
  });

  describe('sizes', () => {
    it.each([
      ['/name', { name: long(201) }],
      ['/description', { description: long(20_001) }],
      ['/customerName', { customerName: long(201) }],
      ['/systemVersion', { systemVersion: long(201) }],
      ['/privateInformation', { privateInformation: long(20_001) }],
      ['/response/author', { response: { answer: 'a', author: long(201) } }],
      ['/files/0/url', { files: [{ url: `https://x.dk/${long(2_048)}`, type: 'IMAGE' }] }],
      ['/comments/0/comment', { comments: [{ comment: long(20_001) }] }],
    ])('refuses an over-long string naming %s', async (path, fields) => {
      await expectRefusedEverywhere(postJson({ name: 'Lang', ...fields }), 400, 'invalid_body', path);
    });

    it('accepts strings at their limits', async () => {
      const created = await admin.created({ name: long(200), description: long(20_000) });
      expect(created.name).toHaveLength(200);
      expect(created.description).toHaveLength(20_000);
    });

    it('refuses a body over 1 MiB with 413 payload_too_large', async () => {
      const body = { name: 'Stor', description: long(1024 * 1024) };
      await expectRefusedEverywhere(postJson(body), 413, 'payload_too_large');
    });
  });

  describe('shape', () => {
    it('refuses an unknown property naming its path', async () => {
      await expectRefusedEverywhere(postJson({ name: 'x', priority: 'high' }), 400, 'invalid_body', '/priority');
      await expectRefusedEverywhere(
        postJson({ name: 'x', comments: [{ comment: 'k', likes: 3 }] }),
        400,
        'invalid_body',
        '/comments/0/likes',
      );
    });

    it.each([
      ['/solved', { solved: 'yes' }],
      ['/name', { name: 42 }],
      ['/comments', { comments: 'k' }],
      ['/response', { response: 'svar' }],
      ['/files/0/type', { files: [{ url: IMAGE.url, type: 'VIDEO' }] }],
      ['/date', { date: 'i går' }],
    ])('refuses a value of the wrong type naming %s', async (path, fields) => {
      await expectRefusedEverywhere(postJson({ name: 'x', ...fields }), 400, 'invalid_body', path);
    });

    it.each([
      ['/files', { files: {} }, 'must be an array or null'],
      ['/response', { response: 'svar' }, 'must be an object or null'],
      ['/solved', { solved: 'yes' }, 'must be a boolean'],
    ])('answers a value of the wrong type at %s with one error', async (path, fields, message) => {
      const reply = await postJson({ name: 'x', ...fields })(SUPPORT_CASES);
      expectProblem(reply, 400, 'invalid_body');
      expect(reply.body.errors).toEqual([{ path, message }]);
    });

    it('refuses a body that is not an object', async () => {
      await expectRefusedEverywhere(postJson(['name']), 400, 'invalid_body');
    });

    it('refuses a body that is not JSON with 415 unsupported_media_type', async () => {
      const sendText = (path: string) =>
        service.request('POST', path, {
          token: adminToken,
          rawBody: 'name=x',
          headers: { 'content-type': 'text/plain' },
        });
      await expectRefusedEverywhere(sendText, 415, 'unsupported_media_type', 'Content-Type');
    });

    it('answers a form body, as curl -d sends it, with 415 naming application/json', async () => {
      const reply = await service.request('POST', SUPPORT_CASES, {
        token: adminToken,
        rawBody: '{"name":"x"}',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expectProblem(reply, 415, 'unsupported_media_type', 'Content-Type');
      expect(reply.body.detail).toContain('application/json');
    });

    it('refuses a NUL character in a value, naming its path', async () => {
      await expectRefusedEverywhere(
        postRaw('{"name":"x","description":"a\\u0000b"}'),
        400,
        'invalid_body',
        '/description',
      );
    });

    it('refuses half of a surrogate pair, naming its path', async () => {
      await expectRefusedEverywhere(
        postRaw('{"name":"x","comments":[{"comment":"a\\ud800b"}]}'),
        400,
        'invalid_body',
        '/comments/0/comment',
      );
    });

    it('refuses malformed JSON with invalid_body', async () => {
      await expectRefusedEverywhere(postRaw('{"name": "x",'), 400, 'invalid_body', '');
    });

    it.each([
      ['/__proto__', '{"name":"x","__proto__":{"solved":true}}'],
      ['/constructor', '{"name":"x","constructor":{"prototype":{}}}'],
      ['/comments/0/__proto__', '{"name":"x","comments":[{"comment":"k","__proto__":{"isSupport":false}}]}'],
      ['/comments/0/constructor', '{"name":"x","comments":[{"comment":"k","constructor":{}}]}'],
    ])('refuses the key %s', async (path, rawBody) => {
      await expectRefusedEverywhere(postRaw(rawBody), 400, 'invalid_body', path);
    });
  });

  describe('list query', () => {
    it.each([
      ['offset', '?offset=-1'],
      ['limit', '?limit=0'],
      ['limit', '?limit=501'],
      ['limit', '?limit=ten'],
      ['customer', '?customer=not-a-customer'],
    ])('refuses %s in %s with 400', async (path, query) => {
      const reply = await admin.list(query);
      expectProblem(reply, 400, 'invalid_query', path);
    });

    it('accepts the documented bounds', async () => {
      const reply = await admin.list(`?offset=0&limit=500&customer=${newId().toUpperCase()}`);
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({ offset: 0, limit: 500, total: 0, supportCases: [] });
    });
  });
});
