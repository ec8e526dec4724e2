import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { SUPPORT_CASE_STREAM_PREFIX } from '@lib/domain';
import {
  CatchUpSubscription,
  SqliteCheckpointStore,
  SqliteEventStore,
  START_OF_LOG,
  type EventStore,
} from '@lib/event-store';
import {
  CaseMessages,
  createKafka,
  ensureTopic,
  KafkaRelay,
  RelayProducer,
  type OutgoingMessage,
} from '@lib/kafka-relay';
import { OpenedEventStore } from '@lib/personal-data';
import type { Kafka } from 'kafkajs';
import { writeBusyLog } from '../support/event-log';
import { withServiceSealing } from '../support/sealing';
import { higherIsBetter, skippedResult } from '../support/results';
import type { Scenario } from '../support/scenario';
import { perSecond } from '../support/stats';
import { withTempDir } from '../support/temp-dir';

const NAME = 'kafka relay';
const UNIT = 'events/s';
const TARGET = 0.5;
/** Events per read and per send: the relay role's catch-up batch. */
const BATCH_SIZE = 500;
const PARTITIONS = 3;
/** Sent to a topic of their own first, so neither measured side pays for a cold broker or client. */
const WARMUP_MESSAGES = 5 * BATCH_SIZE;
const RELAY_TIMEOUT_MS = 5 * 60_000;

/**
 * KafkaRelay publishing a pre-filled store to a fresh topic, against a raw kafkajs producer
 * (idempotent, acks=-1, one request in flight) sending the same messages in the same batches
 * to another fresh topic on the same broker. The relay's time includes its real work: reading
 * the store, building each message and checkpointing each batch. Runs only with KAFKA_BROKERS set.
 */
export const kafkaRelayScenario: Scenario = {
  name: 'kafka-relay',
  run: async (mode) => {
    const brokers = process.env.KAFKA_BROKERS?.split(',').filter((broker) => broker !== '');
    if (!brokers?.length) return [skippedResult(NAME, UNIT, TARGET, 'KAFKA_BROKERS unset')];
    const kafka = createKafka({ brokers, clientId: 'supportcase-bench', logger: console });
    return withTempDir(async (dir) => {
      const filePath = join(dir, 'events.sqlite');
      await writeBusyLog(filePath, mode.relayEvents);
      const stored = SqliteEventStore.open(filePath);
      try {
        return await withServiceSealing(dir, async ({ sealing }) => {
          // Read opened, as the relay role reads them: the contract carries names and texts.
          const eventStore = new OpenedEventStore(stored, sealing);
          const messages = await messagesOf(eventStore);
          await withFreshTopic(kafka, (topic) =>
            rawProducerPerSecond(kafka, messages.slice(0, WARMUP_MESSAGES), topic),
          );
          const relay = await withFreshTopic(kafka, (topic) =>
            relayPerSecond(kafka, eventStore, filePath, topic, mode.relayEvents),
          );
          const raw = await withFreshTopic(kafka, (topic) => rawProducerPerSecond(kafka, messages, topic));
          return [higherIsBetter(NAME, UNIT, relay, raw, TARGET)];
        });
      } finally {
        await stored.close();
      }
    });
  },
};

async function relayPerSecond(kafka: Kafka, eventStore: EventStore, filePath: string, topic: string, events: number) {
  const producer = new RelayProducer(kafka);
  const checkpoints = SqliteCheckpointStore.open(filePath, `bench-${topic}`);
  const relay = new KafkaRelay(eventStore, producer, checkpoints, topic);
  const subscription = new CatchUpSubscription(eventStore, relay, {
    streamPrefix: SUPPORT_CASE_STREAM_PREFIX,
    batchSize: BATCH_SIZE,
  });
  await producer.connect();
  try {
    const started = performance.now();
    subscription.start();
    await caughtUpWithin(subscription, RELAY_TIMEOUT_MS);
    const elapsed = performance.now() - started;
    // Positions count from 1 in a fresh store: the checkpoint is on the last one once all are sent.
    const checkpoint = await checkpoints.load();
    if (checkpoint.commit !== events) throw new Error(`the relay stopped at ${checkpoint.commit} of ${events} events`);
    return perSecond(events, elapsed);
  } finally {
    await subscription.stop();
    await producer.disconnect();
    await checkpoints.close();
  }
}

/** The relay retries for as long as the broker is away; the bench gives up instead. */
async function caughtUpWithin(subscription: CatchUpSubscription, milliseconds: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the relay did not catch up within ${milliseconds} ms`)), milliseconds);
  });
  try {
    await Promise.race([subscription.waitUntilCaughtUp(), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** The messages the relay sends for the store's events, built as it builds them. */
async function messagesOf(eventStore: EventStore): Promise<OutgoingMessage[]> {
  const caseMessages = new CaseMessages(eventStore);
  const messages: OutgoingMessage[] = [];
  let after = START_OF_LOG;
  for (;;) {
    const events = await eventStore.readAll({ after, maxCount: BATCH_SIZE, streamPrefix: SUPPORT_CASE_STREAM_PREFIX });
    if (events.length === 0) return messages;
    for (const recorded of events) messages.push(await caseMessages.of(recorded));
    after = events[events.length - 1].position;
  }
}

async function rawProducerPerSecond(kafka: Kafka, messages: readonly OutgoingMessage[], topic: string) {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  try {
    const started = performance.now();
    for (let offset = 0; offset < messages.length; offset += BATCH_SIZE) {
      await producer.send({ topic, acks: -1, messages: messages.slice(offset, offset + BATCH_SIZE) });
    }
    return perSecond(messages.length, performance.now() - started);
  } finally {
    await producer.disconnect();
  }
}

/** Runs `work` on a topic made for it, deleted afterwards so the broker keeps no bench data. */
async function withFreshTopic<T>(kafka: Kafka, work: (topic: string) => Promise<T>): Promise<T> {
  const topic = `bench.supportcase.${randomBytes(6).toString('hex')}`;
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopic(admin, topic, PARTITIONS);
    return await work(topic);
  } finally {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
}
