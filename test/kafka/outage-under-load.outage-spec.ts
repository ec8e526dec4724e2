import { SqliteCheckpointStore, type LogPosition } from '@lib/event-store';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { sqliteFile } from '../../apps/supportcase-service/src/config/service-config';
import { eventually } from '../support/eventually';
import { within } from '../support/within';
import { describeWithKafka, uniqueTopic } from '../support/kafka';
import { ServiceUnderTest, type Reply } from '../support/service-under-test';
import { storedEvents } from '../support/stored-log';
import { pause, SupportCaseClient } from '../support/support-case-client';
import { readTopic, type ReadMessage } from '../support/topic-reader';

const run = promisify(execFile);
const root = resolve(__dirname, '../..');
const broker = (script: 'start' | 'stop') => run('bash', [`scripts/kafka/${script}.sh`], { cwd: root });

const CASES = 6;
const WRITERS = 3;
const OUTAGE_MS = 30_000;

/** Writers updating the cases over HTTP one request at a time each, until stopped; one event per update. */
class SteadyLoad {
  readonly failures: Array<{ status: number; body: unknown }> = [];
  answered = 0;
  private stopping = false;
  private writers: Promise<void>[] = [];

  constructor(
    private readonly client: SupportCaseClient,
    private readonly caseIds: string[],
  ) {}

  start(): void {
    this.writers = Array.from({ length: WRITERS }, (_, writer) => this.write(writer));
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.writers);
  }

  /** Waits until `more` updates beyond those answered so far have been answered. */
  async answeredMore(more: number): Promise<void> {
    const target = this.answered + more;
    await eventually(`${target} answered updates`, () => (this.answered >= target ? true : undefined));
  }

  private async write(writer: number): Promise<void> {
    for (let n = 0; !this.stopping; n++) {
      const caseId = this.caseIds[(writer + n) % this.caseIds.length];
      const text = `skribent ${writer} opdatering ${n}`;
      const body = n % 2 === 0 ? { description: text } : { comments: [{ comment: text }] };
      this.record(await this.client.update(caseId, body));
      await pause(50);
    }
  }

  private record(reply: Reply): void {
    if (reply.status === 200) this.answered++;
    else this.failures.push({ status: reply.status, body: reply.body });
  }
}

/** Stops the shared broker, so this suite runs on its own (npm run test:outage), never beside others. */
describeWithKafka('the relay under a steady load of updates through a 30 s broker outage', (brokers) => {
  let service: ServiceUnderTest | undefined;
  afterAll(async () => {
    await broker('start');
    await service?.stop();
  });

  it('publishes every stored event at least once, keeps per-case order, and checkpoints the head of the log', async () => {
    const topic = uniqueTopic();
    service = await ServiceUnderTest.start({
      kafka: {
        brokers,
        topic,
        auditTopic: `${topic}.audit`,
        partitions: 3,
        retentionMs: 3_600_000,
        clientId: 'outage-under-load',
      },
    });
    const admin = new SupportCaseClient(service, await service.token({ accessLevel: 'ADMIN' }));
    const caseIds: string[] = [];
    for (let i = 0; i < CASES; i++) caseIds.push((await admin.created({ name: `sag ${i}` }))._id);
    await service.relayed();

    const load = new SteadyLoad(admin, caseIds);
    load.start();
    try {
      await load.answeredMore(30);
      await broker('stop');
      await pause(OUTAGE_MS);
      await load.answeredMore(30); // the API went on taking writes while the broker was away
      await broker('start');
      await load.answeredMore(30);
    } finally {
      await load.stop();
    }
    expect(load.failures).toEqual([]);
    await within(120_000, 'the relay catching up after the outage', service.relayed());

    const stored = await storedEvents(sqliteFile(service.config));
    expect(stored).toHaveLength(CASES + load.answered);
    const messages = await readTopic(brokers, topic, stored.length);
    const published = new Set(messages.map((message) => message.headers.ce_id));
    expect(stored.filter((event) => !published.has(event.id)).map((event) => event.id)).toEqual([]);
    for (const caseId of caseIds) {
      const revisions = stored.filter((event) => event.streamId === `supportCase-${caseId}`).map((e) => e.revision);
      expect({ caseId, revisions: firstArrivals(messages, caseId) }).toEqual({ caseId, revisions });
    }
    expect(await relayCheckpoint(sqliteFile(service.config))).toEqual(stored[stored.length - 1].position);
  }, 240_000);
});

/**
 * The revisions of a case's messages in the order they arrived, each at its first arrival:
 * a batch sent again after a failure repeats revisions already seen, and is skipped here.
 */
function firstArrivals(messages: readonly ReadMessage[], caseId: string): number[] {
  const seen = new Set<number>();
  for (const message of messages.filter((m) => m.key === caseId)) seen.add(JSON.parse(message.value).revision);
  return [...seen];
}

async function relayCheckpoint(file: string): Promise<LogPosition> {
  const checkpoints = SqliteCheckpointStore.open(file, 'kafka-relay');
  try {
    return await checkpoints.load();
  } finally {
    await checkpoints.close();
  }
}
