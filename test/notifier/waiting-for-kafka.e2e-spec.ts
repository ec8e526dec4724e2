import { deadLetterTopicOf } from '@lib/contracts';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithKafka, uniqueTopic } from '../support/kafka';
import { eventually } from './support/eventually';
import { KafkaTestClient } from './support/kafka-client';
import { NotifierProcess } from './support/notifier-process';
import { NotifierUnderTest } from './support/notifier-under-test';
import { SupportCaseMessages } from './support/support-case-messages';

jest.setTimeout(180_000);

/** A loopback port nothing listens on: taken from the system, then let go. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as { port: number };
  await new Promise((closed) => server.close(closed));
  return port;
}

const statusOf = async (url: string) => (await fetch(url)).status;

describe('notifier process: a broker that does not answer', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'notifier-unreachable-'));
  let notifier: NotifierProcess | undefined;

  afterAll(async () => {
    await notifier?.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is live but not ready, logs each attempt on one line with a growing delay, and stops cleanly on SIGTERM', async () => {
    const broker = `127.0.0.1:${await closedPort()}`;
    notifier = NotifierProcess.start({
      KAFKA_BROKERS: broker,
      DATA_DIR: dataDir,
      AUTH_SECRET: randomBytes(32).toString('hex'),
    });
    const baseUrl = await notifier.listening();
    const attempt = new RegExp(`^Kafka not reachable at ${broker} \\(.*ECONNREFUSED.*\\); retrying in (\\d+) ms$`);
    const delays = () =>
      notifier!
        .logEntries()
        .map((entry) => attempt.exec(entry.msg)?.[1])
        .filter((delay) => delay !== undefined)
        .map(Number);

    await eventually(async () => expect(delays().length).toBeGreaterThanOrEqual(3), 60_000);
    expect(await statusOf(`${baseUrl}/health/live`)).toBe(200);
    const ready = await fetch(`${baseUrl}/health/ready`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { error: object }).error).toHaveProperty('kafka', {
      status: 'down',
      message: expect.stringMatching(`^Kafka not reachable at ${broker} \\(`),
    });
    expect(delays().slice(0, 3)).toEqual([500, 1000, 2000]);
    expect(notifier.text()).not.toMatch(/KafkaJS|\n\s+at /);

    expect(await notifier.stop('SIGTERM')).toBe(0);
    expect(notifier.logEntries().map((entry) => entry.msg)).toContain('shut down');
  });
});

describe('notifier process: configuration', () => {
  it('refuses a bad LOG_LEVEL with a message naming the variable', async () => {
    const notifier = NotifierProcess.start({ KAFKA_BROKERS: '127.0.0.1:9092', LOG_LEVEL: 'loud' });

    expect(await notifier.exited).toBe(1);
    expect(notifier.text()).toMatch(/^configuration: LOG_LEVEL must be one of fatal, error, warn, info/m);
  });
});

describeWithKafka('notifier: a topic created after it started', (brokers) => {
  const topic = uniqueTopic('test.notifier.later');
  const kafka = new KafkaTestClient(brokers);
  let notifier: NotifierUnderTest | undefined;

  beforeAll(() => kafka.connect());

  afterAll(async () => {
    await notifier?.stop();
    await kafka.disconnect();
  });

  it('is not ready while the topic is missing, then consumes it once it exists', async () => {
    notifier = await NotifierUnderTest.listening(brokers, topic);
    const missing = `topic ${topic} does not exist yet`;
    await eventually(async () =>
      expect(notifier!.log.entries().map((entry) => entry.msg)).toContain(`${missing}; retrying in 500 ms`),
    );
    const waiting = await notifier.get('/health/ready');
    expect(waiting.status).toBe(503);
    expect(waiting.body.error.kafka).toEqual({ status: 'down', message: missing });

    await kafka.createTopic(topic);
    const supportCase = new SupportCaseMessages();
    await kafka.produce(topic, [supportCase.solved()]);

    await eventually(
      async () => expect(await notifier!.notificationsOf(supportCase.parties.customer!)).toHaveLength(1),
      60_000,
    );
    expect((await notifier.get('/health/ready')).status).toBe(200);
    expect(await kafka.topicExists(deadLetterTopicOf(topic))).toBe(true);
  });
});
