import { SUPPORT_CASE_EVENTS_TOPIC } from '@lib/contracts';
import { join, resolve } from 'node:path';

export const SERVICE_ROLES = ['api', 'projector', 'relay'] as const;
export type ServiceRole = (typeof SERVICE_ROLES)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

export interface KafkaConfig {
  readonly brokers: string[];
  readonly topic: string;
  readonly partitions: number;
  readonly clientId: string;
}

export interface ServiceConfig {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  /** Unset: a random secret is generated once and kept in DATA_DIR. */
  readonly authSecret?: string;
  /** What this process does; by default all of it. */
  readonly roles: ReadonlySet<ServiceRole>;
  /** Set: events live in EventStoreDB; unset: in the SQLite file in DATA_DIR. */
  readonly esdbConnectionString?: string;
  /** Set: the read model and checkpoints live in PostgreSQL; unset: in the SQLite file. */
  readonly databaseUrl?: string;
  /** The PostgreSQL schema that holds them. */
  readonly databaseSchema: string;
  /** Set: the relay publishes every stored event to Kafka. */
  readonly kafka?: KafkaConfig;
  readonly logLevel: LogLevelName;
  /** Requests one token may make per minute; 0 turns the limit off. */
  readonly rateLimitPerMinute: number;
}

/** The service's configuration, for the providers that need it. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');

/** A configuration value the service cannot start with; the message names the variable. */
export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const kafka = kafkaConfig(env);
  return {
    host: text(env, 'HOST') ?? '0.0.0.0',
    port: port(env, 'PORT', 3000),
    dataDir: resolve(text(env, 'DATA_DIR') ?? './data'),
    authSecret: authSecret(env),
    roles: roles(env, kafka !== undefined),
    esdbConnectionString: connectionString(env, 'ESDB_CONNECTION_STRING', ['esdb:', 'esdb+discover:']),
    databaseUrl: connectionString(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    databaseSchema: identifier(env, 'DATABASE_SCHEMA') ?? 'public',
    kafka,
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS) ?? 'info',
    rateLimitPerMinute: wholeNumber(env, 'RATE_LIMIT_PER_MINUTE', 3_000),
  };
}

export function sqliteFile(config: Pick<ServiceConfig, 'dataDir'>): string {
  return join(config.dataDir, 'supportcase.sqlite');
}

export function hasRole(config: Pick<ServiceConfig, 'roles'>, role: ServiceRole): boolean {
  return config.roles.has(role);
}

const KAFKA_DETAILS = ['KAFKA_TOPIC', 'KAFKA_TOPIC_PARTITIONS', 'KAFKA_CLIENT_ID'];

function kafkaConfig(env: NodeJS.ProcessEnv): KafkaConfig | undefined {
  const brokers = text(env, 'KAFKA_BROKERS');
  if (brokers === undefined) {
    const orphan = KAFKA_DETAILS.find((name) => env[name] !== undefined);
    if (orphan) throw new ConfigError(orphan, 'is set but KAFKA_BROKERS is not');
    return undefined;
  }
  return {
    brokers: brokerList(brokers),
    topic: text(env, 'KAFKA_TOPIC') ?? SUPPORT_CASE_EVENTS_TOPIC,
    partitions: positiveInteger(env, 'KAFKA_TOPIC_PARTITIONS', 3),
    clientId: text(env, 'KAFKA_CLIENT_ID') ?? 'supportcase-service',
  };
}

/** By default every role; the relay only where there is a broker to relay to. */
function roles(env: NodeJS.ProcessEnv, hasKafka: boolean): ReadonlySet<ServiceRole> {
  const value = text(env, 'SERVICE_ROLES');
  if (value === undefined) return new Set(SERVICE_ROLES.filter((role) => role !== 'relay' || hasKafka));
  const named = value.split(',').map((role) => role.trim());
  const unknown = named.find((role) => !(SERVICE_ROLES as readonly string[]).includes(role));
  if (unknown !== undefined) {
    throw new ConfigError('SERVICE_ROLES', `must list roles among ${SERVICE_ROLES.join(', ')}, got "${unknown}"`);
  }
  if (named.includes('relay') && !hasKafka)
    throw new ConfigError('SERVICE_ROLES', 'includes relay but KAFKA_BROKERS is unset');
  return new Set(named as ServiceRole[]);
}

function brokerList(value: string): string[] {
  const brokers = value.split(',').map((broker) => broker.trim());
  const bad = brokers.find((broker) => !/^[^\s:/]+:\d{1,5}$/.test(broker));
  if (bad !== undefined) {
    throw new ConfigError('KAFKA_BROKERS', `must be a comma-separated list of host:port, got "${bad}"`);
  }
  return brokers;
}

function connectionString(env: NodeJS.ProcessEnv, name: string, protocols: string[]): string | undefined {
  const value = text(env, name);
  if (value === undefined) return undefined;
  if (!protocols.some((protocol) => value.startsWith(`${protocol}//`))) {
    throw new ConfigError(name, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  return value;
}

function identifier(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = text(env, name);
  if (value !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(value)) {
    throw new ConfigError(name, `must be a lower-case SQL identifier, got "${value}"`);
  }
  return value;
}

function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, allowed: readonly T[]): T | undefined {
  const value = text(env, name);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${value}"`);
  }
  return value as T;
}

function text(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  if (value === undefined) return undefined;
  if (value.trim() === '') throw new ConfigError(name, 'is set but empty');
  return value;
}

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = text(env, name);
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) > 65_535) {
    throw new ConfigError(name, `must be a port number (0-65535), got "${value}"`);
  }
  return Number(value);
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = text(env, name);
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new ConfigError(name, `must be a whole number, got "${value}"`);
  return Number(value);
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = text(env, name);
  if (value === undefined) return fallback;
  if (!/^[1-9]\d*$/.test(value)) throw new ConfigError(name, `must be a positive whole number, got "${value}"`);
  return Number(value);
}

/** A short shared secret makes tokens guessable. */
function authSecret(env: NodeJS.ProcessEnv): string | undefined {
  const value = text(env, 'AUTH_SECRET');
  if (value !== undefined && value.length < 32) throw new ConfigError('AUTH_SECRET', 'must be at least 32 characters');
  return value;
}
