import { retryWithBackoff } from '@lib/backoff';
import { Kafka, logLevel, type Admin, type LogEntry } from 'kafkajs';
import type { RelayProducer } from './relay-producer';

export interface KafkaLogger {
  log(message: string): void;
  warn(message: string): void;
}

export interface KafkaClientOptions {
  brokers: string[];
  clientId: string;
  logger: KafkaLogger;
}

export function createKafka({ brokers, clientId, logger }: KafkaClientOptions): Kafka {
  return new Kafka({ brokers, clientId, logLevel: logLevel.WARN, logCreator: () => toLogger(logger) });
}

/**
 * Routes kafkajs' own log lines into the service's log as warnings: kafkajs retries what it
 * reports, and a failure it gives up on reaches the relay, which logs it as an error.
 */
function toLogger(logger: KafkaLogger) {
  return ({ level, log }: LogEntry) => {
    const line = `${log.message}${log.broker ? ` (broker ${String(log.broker)})` : ''}${log.error ? `: ${String(log.error)}` : ''}`;
    if (level <= logLevel.WARN) logger.warn(line);
    else logger.log(line);
  };
}

/**
 * Creates the topic when it is missing, with its retention when one is given; an existing one
 * is left as it is.
 */
export async function ensureTopic(
  admin: Admin,
  topic: string,
  numPartitions: number,
  retentionMs?: number,
): Promise<void> {
  const configEntries = retentionMs === undefined ? [] : [{ name: 'retention.ms', value: String(retentionMs) }];
  await admin.createTopics({ topics: [{ topic, numPartitions, configEntries }], waitForLeaders: true });
}

const CONNECT_RETRY = { initialDelayMs: 500, maxDelayMs: 10_000 };

export interface PublishingTarget {
  readonly admin: Admin;
  readonly producer: RelayProducer;
  readonly topic: string;
  readonly partitions: number;
  /** How long the broker keeps a message of a topic created here; unset: the broker's default. */
  readonly retentionMs?: number;
}

/**
 * Connects a publisher: the admin, the topic (created when missing), then the producer, and
 * keeps trying with a growing pause while the broker is away. True once connected; false when
 * `signal` aborted first (shutdown).
 */
export async function connectWhenKafkaAnswers(
  { admin, producer, topic, partitions, retentionMs }: PublishingTarget,
  { signal, logger }: { signal: AbortSignal; logger: KafkaLogger },
): Promise<boolean> {
  await retryWithBackoff(
    async () => {
      await admin.connect();
      await ensureTopic(admin, topic, partitions, retentionMs);
      await producer.connect();
    },
    {
      ...CONNECT_RETRY,
      signal,
      onFailure: (error, delayMs) => logger.warn(`Kafka not reachable (${error.message}); retrying in ${delayMs} ms`),
    },
  );
  return !signal.aborted;
}
