import { join, resolve } from 'node:path';

export interface ServiceConfig {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  /** Unset: a random secret is generated once and kept in DATA_DIR. */
  readonly authSecret?: string;
}

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
  };
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
