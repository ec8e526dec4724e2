import {
  authSecret,
  brokerList,
  ConfigError,
  kafkaTopic,
  oneOf,
  port,
  positiveInteger,
  protocolOf,
  sqlIdentifier,
  text,
  url,
  wholeNumber,
  type Env,
} from '@lib/config';
import { AuditSigningKey } from '@lib/audit-log';
import { KeyEncryptionKey } from '@lib/personal-data';
import { AUDIT_TREE_HEADS_TOPIC, SUPPORT_CASE_EVENTS_TOPIC } from '@lib/contracts';
import { LOG_LEVELS, type LogLevelName } from '@lib/observability';
import { join, resolve } from 'node:path';

export const SERVICE_ROLES = ['api', 'projector', 'sealer', 'relay', 'retention'] as const;
export type ServiceRole = (typeof SERVICE_ROLES)[number];

export interface KafkaConfig {
  readonly brokers: string[];
  readonly topic: string;
  /** Where the sealer publishes each signed tree head. */
  readonly auditTopic: string;
  readonly partitions: number;
  /** How long the broker keeps the events topic's messages, when the relay creates it. */
  readonly retentionMs: number;
  readonly clientId: string;
}

/** The event store EVENT_STORE_URL names by its scheme. */
export type EventStoreLocation =
  | { readonly kind: 'sqlite' }
  | { readonly kind: 'eventstoredb'; readonly url: string }
  | { readonly kind: 'postgres'; readonly url: string };

export interface ServiceConfig {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  /** Unset: a random secret is generated once and kept in DATA_DIR. */
  readonly authSecret?: string;
  /** What this process does; by default all of it. */
  readonly roles: ReadonlySet<ServiceRole>;
  /** Ed25519 private key (PKCS#8 PEM) that signs the audit log's heads; unset: generated once and kept in DATA_DIR. */
  readonly auditSigningKey?: string;
  /** Key-encryption key of the cases' data keys (base64, 32 bytes); unset: generated once and kept in DATA_DIR. */
  readonly dataEncryptionKey?: string;
  /** Where the events live: by default the SQLite file in DATA_DIR. */
  readonly eventStore: EventStoreLocation;
  /** Set: the read model and checkpoints live in PostgreSQL; unset: in the SQLite file. */
  readonly databaseUrl?: string;
  /** The PostgreSQL schema that holds them; created at start when missing, if the database user may. */
  readonly databaseSchema: string;
  /** Set: the relay publishes every stored event to Kafka. */
  readonly kafka?: KafkaConfig;
  readonly logLevel: LogLevelName;
  /** Set: cases solved and unchanged for longer than this many days are erased (the retention role). */
  readonly retentionDays?: number;
  /** Requests one token may make per minute; 0 turns the limit off. */
  readonly rateLimitPerMinute: number;
  /** True: the projector role runs in a worker thread of its own; unset or false: in the process's main thread. */
  readonly projectorThread?: boolean;
}

/** The service's configuration, for the providers that need it. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');

export function loadConfig(env: Env = process.env): ServiceConfig {
  const kafka = kafkaConfig(env);
  const retentionDays = text(env, RETENTION) === undefined ? undefined : positiveInteger(env, RETENTION, 1);
  return {
    host: text(env, 'HOST') ?? '0.0.0.0',
    port: port(env, 'PORT', 3000),
    dataDir: resolve(text(env, 'DATA_DIR') ?? './data'),
    authSecret: authSecret(env),
    auditSigningKey: auditSigningKey(env),
    dataEncryptionKey: dataEncryptionKey(env),
    roles: roles(env, { hasKafka: kafka !== undefined, hasRetention: retentionDays !== undefined }),
    eventStore: eventStoreLocation(env),
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    databaseSchema: sqlIdentifier(env, 'DATABASE_SCHEMA') ?? 'public',
    kafka,
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS) ?? 'info',
    rateLimitPerMinute: wholeNumber(env, 'RATE_LIMIT_PER_MINUTE', 3_000),
    retentionDays,
    projectorThread: (oneOf(env, 'PROJECTOR_THREAD', ['on', 'off']) ?? 'on') === 'on',
  };
}

const RETENTION = 'RETENTION_ERASE_SOLVED_AFTER_DAYS';

export function sqliteFile(config: Pick<ServiceConfig, 'dataDir'>): string {
  return join(config.dataDir, 'supportcase.sqlite');
}

/** The data keys' own file: a copy of the events alone carries no key. */
export function keyStoreFile(config: Pick<ServiceConfig, 'dataDir'>): string {
  return join(config.dataDir, 'keys.sqlite');
}

export function hasRole(config: Pick<ServiceConfig, 'roles'>, role: ServiceRole): boolean {
  return config.roles.has(role);
}

/** A key that cannot sign would stop the sealer later; refuse it now, without echoing it. */
function auditSigningKey(env: Env): string | undefined {
  const pem = text(env, 'AUDIT_SIGNING_KEY');
  if (pem === undefined) return undefined;
  try {
    AuditSigningKey.fromPem(pem);
  } catch {
    throw new ConfigError(
      'AUDIT_SIGNING_KEY',
      'must be an Ed25519 private key in PKCS#8 PEM (-----BEGIN PRIVATE KEY-----)',
    );
  }
  return pem;
}

/** A key that cannot wrap would stop the service later; refuse it now, without echoing it. */
function dataEncryptionKey(env: Env): string | undefined {
  const key = text(env, 'DATA_ENCRYPTION_KEY');
  if (key === undefined) return undefined;
  try {
    KeyEncryptionKey.fromBase64(key);
  } catch {
    throw new ConfigError('DATA_ENCRYPTION_KEY', 'must be 32 random bytes in base64 (openssl rand -base64 32)');
  }
  return key;
}

const EVENT_STORE_KINDS: Readonly<Record<string, 'eventstoredb' | 'postgres'>> = {
  'esdb:': 'eventstoredb',
  'esdb+discover:': 'eventstoredb',
  'kurrentdb:': 'eventstoredb',
  'kurrentdb+discover:': 'eventstoredb',
  'postgres:': 'postgres',
  'postgresql:': 'postgres',
};

/** EVENT_STORE_URL, or ESDB_CONNECTION_STRING, its older name for EventStoreDB; unset: SQLite. */
function eventStoreLocation(env: Env): EventStoreLocation {
  const named = url(env, 'EVENT_STORE_URL', Object.keys(EVENT_STORE_KINDS));
  const alias = url(
    env,
    'ESDB_CONNECTION_STRING',
    Object.keys(EVENT_STORE_KINDS).filter((scheme) => EVENT_STORE_KINDS[scheme] === 'eventstoredb'),
  );
  if (named !== undefined && alias !== undefined && named !== alias) {
    throw new ConfigError(
      'ESDB_CONNECTION_STRING',
      'is the older name of EVENT_STORE_URL but names another store: set only EVENT_STORE_URL',
    );
  }
  const chosen = named ?? alias;
  if (chosen === undefined) return { kind: 'sqlite' };
  return { kind: EVENT_STORE_KINDS[protocolOf(chosen)], url: chosen };
}

const KAFKA_DETAILS = [
  'KAFKA_TOPIC',
  'KAFKA_AUDIT_TOPIC',
  'KAFKA_TOPIC_PARTITIONS',
  'KAFKA_TOPIC_RETENTION_MS',
  'KAFKA_CLIENT_ID',
];

/** Seven days: how long a name or text erased since may stay in the broker's copies. */
const DEFAULT_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

function kafkaConfig(env: Env): KafkaConfig | undefined {
  const brokers = brokerList(env, 'KAFKA_BROKERS');
  if (brokers === undefined) {
    const orphan = KAFKA_DETAILS.find((name) => env[name] !== undefined);
    if (orphan) throw new ConfigError(orphan, 'is set but KAFKA_BROKERS is not');
    return undefined;
  }
  return {
    brokers,
    topic: kafkaTopic(env, 'KAFKA_TOPIC', SUPPORT_CASE_EVENTS_TOPIC),
    auditTopic: kafkaTopic(env, 'KAFKA_AUDIT_TOPIC', AUDIT_TREE_HEADS_TOPIC),
    partitions: positiveInteger(env, 'KAFKA_TOPIC_PARTITIONS', 3),
    retentionMs: positiveInteger(env, 'KAFKA_TOPIC_RETENTION_MS', DEFAULT_RETENTION_MS),
    clientId: text(env, 'KAFKA_CLIENT_ID') ?? 'supportcase-service',
  };
}

/** By default every role; the relay only where there is a broker to relay to, retention only when set. */
function roles(
  env: Env,
  { hasKafka, hasRetention }: { hasKafka: boolean; hasRetention: boolean },
): ReadonlySet<ServiceRole> {
  const value = text(env, 'SERVICE_ROLES');
  const available = (role: ServiceRole) => (role !== 'relay' || hasKafka) && (role !== 'retention' || hasRetention);
  if (value === undefined) return new Set(SERVICE_ROLES.filter(available));
  const named = value.split(',').map((role) => role.trim());
  const unknown = named.find((role) => !(SERVICE_ROLES as readonly string[]).includes(role));
  if (unknown !== undefined) {
    throw new ConfigError('SERVICE_ROLES', `must list roles among ${SERVICE_ROLES.join(', ')}, got "${unknown}"`);
  }
  if (named.includes('relay') && !hasKafka)
    throw new ConfigError('SERVICE_ROLES', 'includes relay but KAFKA_BROKERS is unset');
  if (named.includes('retention') && !hasRetention)
    throw new ConfigError('SERVICE_ROLES', `includes retention but ${RETENTION} is unset`);
  return new Set(named as ServiceRole[]);
}

export { ConfigError };
