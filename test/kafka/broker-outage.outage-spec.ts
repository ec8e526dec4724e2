import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { SqliteCheckpointStore } from '@lib/event-store';
import { sqliteFile } from '../../apps/supportcase-service/src/config/service-config';
import { describeWithKafka, uniqueTopic } from '../support/kafka';
import { ServiceUnderTest } from '../support/service-under-test';
import { storedEvents } from '../support/stored-log';
import { readTopic } from '../support/topic-reader';

const run = promisify(execFile);
const root = resolve(__dirname, '../..');
const broker = (script: 'start' | 'stop') => run('bash', [`scripts/kafka/${script}.sh`], { cwd: root });

/** Stops the shared broker, so this suite runs on its own (npm run test:outage), never beside others. */
describeWithKafka('the relay through a broker outage', (brokers) => {
  let service: ServiceUnderTest;
  afterAll(async () => {
    await broker('start');
    await service?.stop();
  });

  it('publishes every event at least once once the broker is back, and checkpoints the head of the log', async () => {
    const topic = uniqueTopic();
    service = await ServiceUnderTest.start({
      kafka: {
        brokers,
        topic,
        auditTopic: `${topic}.audit`,
        partitions: 3,
        retentionMs: 3_600_000,
        clientId: 'outage-test',
      },
    });
    const token = await service.token({ accessLevel: 'ADMIN' });
    const update = (id: string, n: number) =>
      service.request('POST', `/iptv/supportcase/${id}`, { token, body: { description: `opdatering ${n}` } });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await service.request('POST', '/iptv/supportcase', { token, body: { name: `sag ${i}` } })).body._id);
    }

    let acknowledged = 0;
    for (let n = 0; n < 60; n++) {
      if (n === 15) await broker('stop');
      if (n === 45) await broker('start');
      expect((await update(ids[n % ids.length], n)).status).toBe(200);
      acknowledged++;
      await sleep(50);
    }
    await service.relayed();

    const stored = await storedEvents(sqliteFile(service.config));
    expect(stored).toHaveLength(5 + acknowledged);
    const messages = await readTopic(brokers, topic, stored.length);
    const published = new Set(messages.map((message) => message.headers.ce_id));
    expect(stored.filter((event) => !published.has(event.id))).toEqual([]);
    const checkpoints = SqliteCheckpointStore.open(sqliteFile(service.config), 'kafka-relay');
    expect(await checkpoints.load()).toEqual(stored[stored.length - 1].position);
    await checkpoints.close();
  }, 240_000);
});
