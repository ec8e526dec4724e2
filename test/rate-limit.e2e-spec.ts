import { ServiceUnderTest } from './support/service-under-test';

describe('the per-token rate limit', () => {
  let service: ServiceUnderTest;

  beforeAll(async () => {
    service = await ServiceUnderTest.start({ rateLimitPerMinute: 5 });
  });
  afterAll(() => service.stop());

  it('answers 429 with Retry-After once a token has used its requests, and counts each token apart', async () => {
    const busy = await service.token({ accessLevel: 'ADMIN' });
    const other = await service.token({ accessLevel: 'ADMIN' });
    const list = (token: string) => service.request('GET', '/iptv/supportcase', { token });

    const statuses = [];
    for (let n = 0; n < 6; n++) statuses.push((await list(busy)).status);
    const limited = await list(busy);

    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(limited.body).toMatchObject({ status: 429, error: 'too_many_requests' });
    expect((await list(other)).status).toBe(200);
  });

  it('never limits health probes and metrics scrapes', async () => {
    const statuses = await Promise.all(Array.from({ length: 8 }, () => service.request('GET', '/health/live')));
    expect(statuses.map((reply) => reply.status)).toEqual(Array(8).fill(200));
  });
});
