/**
 * Readers of configuration from the environment. Each refuses a value it cannot use with a
 * ConfigError naming the variable, so a process never starts on a guess.
 */
export type Env = NodeJS.ProcessEnv;

/** A configuration value a process cannot start with; the message names the variable. */
export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

/** A set variable must hold something: an empty one is a mistake, not a default. */
export function text(env: Env, name: string): string | undefined {
  const value = env[name];
  if (value === undefined) return undefined;
  if (value.trim() === '') throw new ConfigError(name, 'is set but empty');
  return value;
}

export function port(env: Env, name: string, fallback: number): number {
  const value = text(env, name);
  if (value === undefined) return fallback;
  if (!isPortNumber(value)) throw new ConfigError(name, `must be a port number (0-65535), got "${value}"`);
  return Number(value);
}

export function wholeNumber(env: Env, name: string, fallback: number): number {
  const value = text(env, name);
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new ConfigError(name, `must be a whole number, got "${value}"`);
  return Number(value);
}

export function positiveInteger(env: Env, name: string, fallback: number): number {
  const value = text(env, name);
  if (value === undefined) return fallback;
  if (!/^[1-9]\d*$/.test(value)) throw new ConfigError(name, `must be a positive whole number, got "${value}"`);
  return Number(value);
}

export function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[]): T | undefined {
  const value = text(env, name);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${value}"`);
  }
  return value as T;
}

export function sqlIdentifier(env: Env, name: string): string | undefined {
  const value = text(env, name);
  if (value !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(value)) {
    throw new ConfigError(name, `must be a lower-case SQL identifier, got "${value}"`);
  }
  return value;
}

/** A URL of one of the given protocols, e.g. `['postgres:', 'postgresql:']`. */
export function url(env: Env, name: string, protocols: readonly string[]): string | undefined {
  const value = text(env, name);
  if (value === undefined) return undefined;
  if (!protocols.includes(protocolOf(value))) {
    throw new ConfigError(name, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  return value;
}

/** A comma-separated list of `host:port`. */
export function brokerList(env: Env, name: string): string[] | undefined {
  const value = text(env, name);
  if (value === undefined) return undefined;
  const brokers = value.split(',').map((broker) => broker.trim());
  const bad = brokers.find((broker) => !isBroker(broker));
  if (bad !== undefined) throw new ConfigError(name, `must be a comma-separated list of host:port, got "${bad}"`);
  return brokers;
}

/** Kafka's own rule for topic names, with room left for a suffix such as `.dlq`. */
export function kafkaTopic(env: Env, name: string, fallback: string, suffixRoom = 0): string {
  const value = text(env, name) ?? fallback;
  const maxLength = 249 - suffixRoom;
  if (!/^[A-Za-z0-9._-]+$/.test(value) || value.length > maxLength || value === '.' || value === '..') {
    throw new ConfigError(name, `must be 1-${maxLength} characters of [A-Za-z0-9._-], not "." or "..", got "${value}"`);
  }
  return value;
}

/** A short shared secret makes tokens guessable. */
export function authSecret(env: Env): string | undefined {
  const value = text(env, 'AUTH_SECRET');
  if (value !== undefined && value.length < 32) throw new ConfigError('AUTH_SECRET', 'must be at least 32 characters');
  return value;
}

function isPortNumber(value: string): boolean {
  return /^\d{1,5}$/.test(value) && Number(value) <= 65_535;
}

function isBroker(value: string): boolean {
  const brokerPort = /^[^\s:,/]+:(\d{1,5})$/.exec(value)?.[1];
  return brokerPort !== undefined && isPortNumber(brokerPort);
}

/**
 * A URL's scheme with its colon (`postgres:`), or '' when the value does not start with one and
 * `//`. Read from the text rather than by a URL parser, which refuses the several hosts of a
 * cluster's connection string (`esdb://node1:2113,node2:2113`).
 */
export function protocolOf(value: string): string {
  return /^([a-z][a-z0-9+.-]*:)\/\//i.exec(value)?.[1].toLowerCase() ?? '';
}
