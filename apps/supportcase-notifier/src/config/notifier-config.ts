import { SUPPORT_CASE_EVENTS_TOPIC, deadLetterTopicOf } from '@lib/contracts';
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
}

/** A configuration value the notifier cannot start with; the message names the variable. */
export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

export const DEFAULT_GROUP_ID = 'supportcase-notifier';

const BROKER = /^[^\s:,/]+:(\d{1,5})$/;
/** Kafka's own rule for topic names, leaving room for the dead letter topic's suffix. */
const TOPIC = /^[A-Za-z0-9._-]+$/;
const MAX_TOPIC_LENGTH = 249 - deadLetterTopicOf('').length;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): NotifierConfig {
  return {
    host: nonEmpty(env, 'HOST') ?? '0.0.0.0',
    port: port(env, 'PORT', 3001),
    dataDir: resolve(nonEmpty(env, 'DATA_DIR') ?? './data'),
    authSecret: authSecret(env),
    databaseUrl: databaseUrl(env),
    kafka: {
      brokers: brokers(env),
      topic: topic(env),
      groupId: nonEmpty(env, 'KAFKA_GROUP_ID') ?? DEFAULT_GROUP_ID,
    },
  };
}

export function sqliteFile(config: Pick<NotifierConfig, 'dataDir'>): string {
  return join(config.dataDir, 'notifier.sqlite');
}

function nonEmpty(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  if (value === undefined) return undefined;
  if (value.trim() === '') throw new ConfigError(name, 'is set but empty');
  return value;
}

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = nonEmpty(env, name);
  if (value === undefined) return fallback;
  if (!isPortNumber(value)) throw new ConfigError(name, `must be a port number (0-65535), got "${value}"`);
  return Number(value);
}

function isPortNumber(value: string): boolean {
  return /^\d{1,5}$/.test(value) && Number(value) <= 65_535;
}

/** A short shared secret makes tokens guessable. */
function authSecret(env: NodeJS.ProcessEnv): string | undefined {
  const value = nonEmpty(env, 'AUTH_SECRET');
  if (value !== undefined && value.length < 32) throw new ConfigError('AUTH_SECRET', 'must be at least 32 characters');
  return value;
}

function databaseUrl(env: NodeJS.ProcessEnv): string | undefined {
  const value = nonEmpty(env, 'DATABASE_URL');
  if (value !== undefined && !isPostgresUrl(value)) {
    throw new ConfigError('DATABASE_URL', 'must be a postgres:// or postgresql:// URL');
  }
  return value;
}

function isPostgresUrl(value: string): boolean {
  try {
    return ['postgres:', 'postgresql:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

function brokers(env: NodeJS.ProcessEnv): string[] {
  const value = nonEmpty(env, 'KAFKA_BROKERS');
  if (value === undefined) throw new ConfigError('KAFKA_BROKERS', 'is required, e.g. "kafka-1:9092,kafka-2:9092"');
  const list = value.split(',').map((broker) => broker.trim());
  const invalid = list.find((broker) => !isBroker(broker));
  if (invalid !== undefined) throw new ConfigError('KAFKA_BROKERS', `must list host:port pairs, got "${invalid}"`);
  return list;
}

function isBroker(value: string): boolean {
  const port = BROKER.exec(value)?.[1];
  return port !== undefined && isPortNumber(port);
}

function topic(env: NodeJS.ProcessEnv): string {
  const value = nonEmpty(env, 'KAFKA_TOPIC') ?? SUPPORT_CASE_EVENTS_TOPIC;
  if (!TOPIC.test(value) || value.length > MAX_TOPIC_LENGTH || value === '.' || value === '..') {
    throw new ConfigError(
      'KAFKA_TOPIC',
      `must be 1-${MAX_TOPIC_LENGTH} characters of [A-Za-z0-9._-], not "." or "..", got "${value}"`,
    );
  }
  return value;
}
