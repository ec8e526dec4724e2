import { resolveAuthSecret, type AccessLevel } from '@lib/auth';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Notification } from '../../apps/supportcase-notifier/src/notification-store/notification';
import { describeWithKafka, uniqueTopic } from '../support/kafka';
import { KafkaTestClient } from './support/kafka-client';
import { NotifierUnderTest, type TokenClaims } from './support/notifier-under-test';
import { newId } from './support/support-case-messages';

jest.setTimeout(60_000);

const RESELLER_FEATURES = { customerFeatures: ['IPTVBUSINESS'], employeeFeatures: ['PLAYMAKERSTATUS'] };

/** An end customer served by two resellers, each owning one of its cases; and the two resellers as customers. */
const CUSTOMER = newId();
const RESELLER = newId();
const OTHER_RESELLER = newId();

const notification = (id: string, overrides: Partial<Notification>): Notification => ({
  id,
  caseId: newId(),
  caseName: `Case ${id}`,
  customer: CUSTOMER,
  reseller: RESELLER,
  kind: 'solved',
  occurredAt: '2024-05-01T10:00:00.000Z',
  createdAt: '2024-05-01T10:00:01.000Z',
  ...overrides,
});

const NOTIFICATIONS = [
  notification('owned-by-reseller', { occurredAt: '2024-05-03T00:00:00.000Z', kind: 'answered', text: 'Restart' }),
  notification('owned-by-other', { reseller: OTHER_RESELLER, occurredAt: '2024-05-02T00:00:00.000Z' }),
  notification('owned-by-reseller-older', { occurredAt: '2024-05-01T00:00:00.000Z', kind: 'reopened' }),
  notification('reseller-as-customer', { customer: RESELLER, reseller: OTHER_RESELLER }),
  notification('other-as-customer', { customer: OTHER_RESELLER, reseller: OTHER_RESELLER }),
];

const idsIn = (body: { notifications: Notification[] }) => body.notifications.map((found) => found.id);

describeWithKafka('notifier: GET /notifications', (brokers) => {
  const topic = uniqueTopic('test.notifier');
  let notifier: NotifierUnderTest;

  beforeAll(async () => {
    const kafka = new KafkaTestClient(brokers);
    await kafka.createTopic(topic);
    notifier = await NotifierUnderTest.start(brokers, topic);
    for (const stored of NOTIFICATIONS) await notifier.store.add(stored);
  });

  afterAll(() => notifier?.stop());

  const list = async (query: string, claims?: TokenClaims) =>
    notifier.get(`/notifications?${query}`, claims && (await notifier.token(claims)));

  it('answers a path Fastify refuses before routing as a problem', async () => {
    const reply = await notifier.get('/notifications%zz');
    expect(reply.status).toBe(400);
    expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(reply.body).toMatchObject({ error: 'invalid_id' });
  });

  describe('access', () => {
    it('answers 401 invalid_token as problem+json without a token', async () => {
      const reply = await list(`customer=${CUSTOMER}`);

      expect(reply.status).toBe(401);
      expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(reply.body).toMatchObject({ status: 401, error: 'invalid_token' });
    });

    it('answers 401 to a token signed with another secret', async () => {
      const token = await notifier.token({ accessLevel: 'ADMIN' }, 'x'.repeat(32));

      expect((await notifier.get(`/notifications?customer=${CUSTOMER}`, token)).status).toBe(401);
    });

    it.each<AccessLevel>(['VIEWER', 'MANAGER', 'OWNER', 'RESELLER_ADMIN'])(
      'answers 403 access_denied to %s',
      async (level) => {
        const reply = await list(`customer=${CUSTOMER}`, {
          accessLevel: level,
          customer: RESELLER,
          ...RESELLER_FEATURES,
        });

        expect(reply.status).toBe(403);
        expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(reply.body).toMatchObject({ status: 403, error: 'access_denied' });
      },
    );

    it('answers 403 to a RESELLER without the features reading cases needs', async () => {
      const reply = await list(`customer=${CUSTOMER}`, { accessLevel: 'RESELLER', customer: RESELLER });

      expect(reply.status).toBe(403);
    });

    it('accepts the token as ?token= too', async () => {
      const token = await notifier.token({ accessLevel: 'ADMIN' });

      expect((await notifier.get(`/notifications?customer=${CUSTOMER}&token=${token}`)).status).toBe(200);
    });
  });

  describe('what each caller sees', () => {
    it('shows an ADMIN every notification of the customer, newest first', async () => {
      const reply = await list(`customer=${CUSTOMER}`, { accessLevel: 'ADMIN' });

      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({
        offset: 0,
        limit: 100,
        total: 3,
        notifications: [NOTIFICATIONS[0], NOTIFICATIONS[1], NOTIFICATIONS[2]],
      });
    });

    it('shows a RESELLER only the notifications of the cases it owns', async () => {
      const reply = await list(`customer=${CUSTOMER}`, {
        accessLevel: 'RESELLER',
        customer: RESELLER,
        ...RESELLER_FEATURES,
      });

      expect(reply.status).toBe(200);
      expect(reply.body.total).toBe(2);
      expect(idsIn(reply.body)).toEqual(['owned-by-reseller', 'owned-by-reseller-older']);
    });

    it('shows a RESELLER the notifications about itself as the customer', async () => {
      const reply = await list(`customer=${RESELLER}`, {
        accessLevel: 'RESELLER',
        customer: RESELLER,
        ...RESELLER_FEATURES,
      });

      expect(idsIn(reply.body)).toEqual(['reseller-as-customer']);
    });

    it("answers an empty list to a RESELLER asking for another's notifications", async () => {
      const reply = await list(`customer=${OTHER_RESELLER}`, {
        accessLevel: 'RESELLER',
        customer: RESELLER,
        ...RESELLER_FEATURES,
      });

      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({ offset: 0, limit: 100, total: 0, notifications: [] });
    });

    it('reads the customer id in any case', async () => {
      const reply = await list(`customer=${CUSTOMER.toUpperCase()}`, { accessLevel: 'ADMIN' });

      expect(reply.body.total).toBe(3);
    });

    it('pages with offset and limit, counting every match', async () => {
      const reply = await list(`customer=${CUSTOMER}&offset=1&limit=1`, { accessLevel: 'ADMIN' });

      expect(reply.body).toEqual({ offset: 1, limit: 1, total: 3, notifications: [NOTIFICATIONS[1]] });
    });
  });

  it('answers 500 internal_error without its cause when the store fails', async () => {
    const cause = 'password authentication failed for user "notifier"';
    jest.spyOn(notifier.store, 'list').mockRejectedValueOnce(new Error(cause));

    const reply = await list(`customer=${CUSTOMER}`, { accessLevel: 'ADMIN' });

    expect(reply.status).toBe(500);
    expect(reply.body).toEqual(expect.objectContaining({ error: 'internal_error', detail: 'internal error' }));
    expect(JSON.stringify(reply.body)).not.toContain('password');
  });

  describe('query validation', () => {
    it.each([
      ['', 'customer'],
      ['customer=12345', 'customer'],
      [`customer=${CUSTOMER}&limit=0`, 'limit'],
      [`customer=${CUSTOMER}&limit=501`, 'limit'],
      [`customer=${CUSTOMER}&offset=-1`, 'offset'],
      [`customer=${CUSTOMER}&reseller=${RESELLER}`, 'reseller'],
    ])('answers 400 invalid_query to %j, naming %s', async (query, path) => {
      const reply = await list(query, { accessLevel: 'ADMIN' });

      expect(reply.status).toBe(400);
      expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(reply.body).toMatchObject({ error: 'invalid_query', errors: [expect.objectContaining({ path })] });
    });
  });
});

describeWithKafka('notifier: tokens without AUTH_SECRET', (brokers) => {
  const topic = uniqueTopic('test.notifier');
  const dataDir = mkdtempSync(join(tmpdir(), 'notifier-secret-'));
  let notifier: NotifierUnderTest;

  beforeAll(async () => {
    await new KafkaTestClient(brokers).createTopic(topic);
  });

  afterAll(async () => {
    await notifier?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('accepts tokens signed with the secret the service keeps in DATA_DIR', async () => {
    const serviceSecret = resolveAuthSecret({ dataDir }) as string;
    notifier = await NotifierUnderTest.start(brokers, topic, { dataDir, authSecret: undefined });

    const token = await notifier.token({ accessLevel: 'ADMIN' }, serviceSecret);

    expect((await notifier.get(`/notifications?customer=${CUSTOMER}`, token)).status).toBe(200);
  });
});
