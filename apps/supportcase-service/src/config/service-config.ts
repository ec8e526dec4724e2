import { SUPPORT_CASE_EVENTS_TOPIC } from '@lib/contracts';
import { join, resolve } from 'node:path';

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
  /** Set: the relay publishes every stored event to Kafka. */
  readonly kafka?: KafkaConfig;
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
  return {
    host: nonEmpty(env, 'HOST') ?? '0.0.0.0',
    port: port(env, 'PORT', 3000),
    dataDir: resolve(nonEmpty(env, 'DATA_DIR') ?? './data'),
    authSecret: authSecret(env),
    kafka: kafka(env),
  };
}

function kafka(env: NodeJS.ProcessEnv): KafkaConfig | undefined {
  const brokers = nonEmpty(env, 'KAFKA_BROKERS');
  if (brokers === undefined) return undefined;
  return {
    brokers: brokerList(brokers),
    topic: nonEmpty(env, 'KAFKA_TOPIC') ?? SUPPORT_CASE_EVENTS_TOPIC,
    partitions: positiveInteger(env, 'KAFKA_TOPIC_PARTITIONS', 3),
    clientId: nonEmpty(env, 'KAFKA_CLIENT_ID') ?? 'supportcase-service',
  };
}

function brokerList(value: string): string[] {
  const brokers = value.split(',').map((broker) => broker.trim());
  const bad = brokers.find((broker) => !/^[^\s:/]+:\d{1,5}$/.test(broker));
  if (bad !== undefined)
    throw new ConfigError('KAFKA_BROKERS', `must be a comma-separated list of host:port, got "${bad}"`);
  return brokers;
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = nonEmpty(env, name);
  if (value === undefined) return fallback;
  if (!/^[1-9]\d*$/.test(value)) throw new ConfigError(name, `must be a positive whole number, got "${value}"`);
  return Number(value);
}

export function sqliteFile(config: Pick<ServiceConfig, 'dataDir'>): string {
  return join(config.dataDir, 'supportcase.sqlite');
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
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || parsed > 65_535)
    throw new ConfigError(name, `must be a port number (0-65535), got "${value}"`);
  return parsed;
}

/** A short shared secret makes tokens guessable. */
function authSecret(env: NodeJS.ProcessEnv): string | undefined {
  const value = nonEmpty(env, 'AUTH_SECRET');
  if (value !== undefined && value.length < 32) throw new ConfigError('AUTH_SECRET', 'must be at least 32 characters');
  return value;
}
