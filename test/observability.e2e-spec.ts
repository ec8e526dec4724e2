import { LogCapture } from './support/log-capture';
import { ServiceUnderTest } from './support/service-under-test';

describe('health, metrics and logs', () => {
  const log = new LogCapture();
  let service: ServiceUnderTest;
  let admin: string;

  beforeAll(async () => {
    service = await ServiceUnderTest.start({ logLevel: 'info' }, { logDestination: log });
    admin = await service.token({ accessLevel: 'ADMIN' });
  });
  afterAll(() => service.stop());

  it('answers liveness, and readiness with every store and the projector', async () => {
    expect((await service.request('GET', '/health/live')).body).toEqual({ status: 'ok' });
    await service.projected();
    const ready = await service.request('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.details).toEqual({
      eventStore: { status: 'up' },
      readModel: { status: 'up' },
      consumers: { status: 'up', projector: { events: 0, seconds: 0 } },
    });
  });

  it('counts requests per route, commands by outcome and events appended', async () => {
    const created = await service.request('POST', '/iptv/supportcase', { token: admin, body: { name: 'målt' } });
    const path = `/iptv/supportcase/${created.body._id}`;
    await service.request('POST', path, { token: admin, body: { description: 'ændret' } });
    await service.request('POST', path, { token: admin, body: { description: 'ændret' } });
    await service.request('POST', path, { token: admin, body: { comments: 'not a list' } });

    const metrics = (await fetch(`${service.baseUrl}/metrics`).then((reply) => reply.text())).split('\n');
    expect(metrics).toContain(
      'http_request_duration_seconds_count{method="POST",route="/iptv/supportcase/:id",status="200"} 2',
    );
    expect(metrics).toContain('supportcase_commands_total{command="UpdateSupportCase",outcome="appended"} 1');
    expect(metrics).toContain('supportcase_commands_total{command="UpdateSupportCase",outcome="unchanged"} 1');
    expect(metrics).toContain('supportcase_events_appended_total{type="SupportCaseUpdated"} 1');
    expect(metrics.some((line) => /^supportcase_consumer_lag_events\{consumer="projector"\} \d+$/.test(line))).toBe(
      true,
    );
  });

  it('logs each request once, with its correlation id, and never a token nor private information', async () => {
    const secret = 'Gertrud Gertrudsen, +45 8888 9977';
    const headers = { 'x-request-id': 'trace-4711' };
    const created = await service.request('POST', `/iptv/supportcase?token=${admin}`, {
      body: { name: 'privat', privateInformation: secret },
      headers,
    });
    const path = `/iptv/supportcase/${created.body._id}`;
    await service.request('POST', path, {
      body: { privateInformation: `${secret}!` },
      headers: { cookie: `token=${admin}` },
    });
    await service.request('POST', path, { token: admin, body: { privateInformation: 42 } });
    await service.request('GET', `${path}?token=${admin}&revision=x`);

    const text = log.lines.join('\n');
    expect(text).not.toContain(admin);
    expect(text).not.toContain(admin.split('.')[2]);
    expect(text).not.toContain('Gertrud');
    const traced = log.lines.map((line) => JSON.parse(line)).filter((entry) => entry.reqId === 'trace-4711');
    expect(traced).toEqual([
      expect.objectContaining({
        msg: 'request completed',
        req: expect.objectContaining({ method: 'POST', url: '/iptv/supportcase?token=[redacted]' }),
        res: { statusCode: 200 },
        responseTime: expect.any(Number),
      }),
    ]);
  });
});
