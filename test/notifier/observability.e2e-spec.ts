import { describeWithKafka } from '../support/kafka';
import { eventually } from './support/eventually';
import { notifierForSuite } from './support/notifier-for-suite';
import { SupportCaseMessages } from './support/support-case-messages';

jest.setTimeout(90_000);

describeWithKafka('notifier: health, metrics and logs', (brokers) => {
  const suite = notifierForSuite(brokers);
  const { topic, kafka } = suite;
  it('answers liveness, and readiness with its store and Kafka', async () => {
    expect(await suite.notifier.get('/health/live')).toMatchObject({ status: 200, body: { status: 'ok' } });
    const ready = await eventually(async () => {
      const reply = await suite.notifier.get('/health/ready');
      expect(reply.status).toBe(200);
      return reply;
    });
    expect(ready.body.details).toEqual({ notifications: { status: 'up' }, kafka: { status: 'up' } });
  });

  it('serves Prometheus metrics: request durations per route and the process metrics', async () => {
    const supportCase = new SupportCaseMessages();
    await suite.notifier.notificationsOf(supportCase.parties.customer!);

    const metrics = (await fetch(`${suite.notifier.baseUrl}/metrics`).then((reply) => reply.text())).split('\n');

    expect(metrics).toContain(
      'http_request_duration_seconds_count{method="GET",route="/notifications",status="200"} 1',
    );
    expect(metrics.some((line) => /^process_cpu_user_seconds_total \d/.test(line))).toBe(true);
  });

  it('logs JSON lines, each request with its URL, never a token nor what a message says', async () => {
    const personal = 'Gertrud Gertrudsen, +45 8888 9977';
    const supportCase = new SupportCaseMessages();
    const token = await suite.notifier.token({ accessLevel: 'ADMIN' });
    await kafka.produce(topic, [{ ...supportCase.solved(), value: personal }, supportCase.reopened()]);
    await eventually(async () =>
      expect(await suite.notifier.notificationsOf(supportCase.parties.customer!)).toHaveLength(1),
    );

    await suite.notifier.get(`/notifications?customer=${supportCase.parties.customer}&token=${token}`);

    const entries = suite.notifier.log.entries();
    expect(entries).toContainEqual(
      expect.objectContaining({ service: 'supportcase-notifier', msg: 'request completed' }),
    );
    const urls = entries.filter((entry) => entry.req).map((entry) => entry.req.url);
    expect(urls).toContain(`/notifications?customer=${supportCase.parties.customer}&token=[redacted]`);
    expect(entries).toContainEqual(expect.objectContaining({ msg: expect.stringMatching(/goes to .*\.dlq/) }));
    expect(suite.notifier.log.text()).not.toContain(token.split('.')[2]);
    expect(suite.notifier.log.text()).not.toContain('Gertrud');
  });
});
