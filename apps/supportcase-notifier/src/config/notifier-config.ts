import { authSecret, brokerList, ConfigError, kafkaTopic, oneOf, port, text, url, type Env } from '@lib/config';
import { SUPPORT_CASE_EVENTS_TOPIC, deadLetterTopicOf } from '@lib/contracts';
import { LOG_LEVELS, type LogLevelName } from '@lib/observability';
import { join, resolve } from 'node:path';

export interface KafkaConfig {
  readonly brokers: readonly string[];
  readonly topic: string;
  readonly groupId: string;
}

export interface NotifierConfig {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  /** Unset: the same secret file in DATA_DIR as the service's, generated on first use. */
  readonly authSecret?: string;
  /** Set: notifications live in PostgreSQL; unset: in SQLite in DATA_DIR. */
  readonly databaseUrl?: string;
  readonly kafka: KafkaConfig;
  readonly logLevel: LogLevelName;
}

export const DEFAULT_GROUP_ID = 'supportcase-notifier';

/** Room for the dead letter topic's suffix. */
const DEAD_LETTER_SUFFIX_LENGTH = deadLetterTopicOf('').length;

export function loadConfig(env: Env = process.env): NotifierConfig {
  return {
    host: text(env, 'HOST') ?? '0.0.0.0',
    port: port(env, 'PORT', 3001),
    dataDir: resolve(text(env, 'DATA_DIR') ?? './data'),
    authSecret: authSecret(env),
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    kafka: {
      brokers: requiredBrokers(env),
      topic: kafkaTopic(env, 'KAFKA_TOPIC', SUPPORT_CASE_EVENTS_TOPIC, DEAD_LETTER_SUFFIX_LENGTH),
      groupId: text(env, 'KAFKA_GROUP_ID') ?? DEFAULT_GROUP_ID,
    },
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS) ?? 'info',
  };
}

export function sqliteFile(config: Pick<NotifierConfig, 'dataDir'>): string {
  return join(config.dataDir, 'notifier.sqlite');
}

function requiredBrokers(env: Env): string[] {
  const brokers = brokerList(env, 'KAFKA_BROKERS');
  if (brokers === undefined) throw new ConfigError('KAFKA_BROKERS', 'is required, e.g. "kafka-1:9092,kafka-2:9092"');
  return brokers;
}

export { ConfigError };
