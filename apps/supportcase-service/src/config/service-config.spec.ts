import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { ConfigError, loadConfig } from './service-config';

describe('loadConfig', () => {
  it('defaults to the embedded default: port 3000, SQLite in ./data, a generated secret and signing key, api, projector (in a thread of its own) and sealer', () => {
    expect(loadConfig({})).toEqual({
      host: '0.0.0.0',
      port: 3000,
      dataDir: resolve('./data'),
      roles: new Set(['api', 'projector', 'sealer']),
      eventStore: { kind: 'sqlite' },
      databaseSchema: 'public',
      logLevel: 'info',
      rateLimitPerMinute: 3000,
      projectorThread: true,
    });
  });

  it('reads every variable', () => {
    const secret = 's'.repeat(32);
    const signingKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const dataEncryptionKey = randomBytes(32).toString('base64');
    expect(
      loadConfig({
        HOST: '127.0.0.1',
        PORT: '8080',
        DATA_DIR: '/var/lib/cases',
        AUTH_SECRET: secret,
        AUDIT_SIGNING_KEY: signingKey,
        DATA_ENCRYPTION_KEY: dataEncryptionKey,
        SERVICE_ROLES: 'projector, relay',
        EVENT_STORE_URL: 'postgresql://cases@postgres:5432/events',
        DATABASE_URL: 'postgresql://cases@postgres:5432/cases',
        DATABASE_SCHEMA: 'support',
        KAFKA_BROKERS: 'kafka:9092',
        KAFKA_TOPIC: 'cases',
        KAFKA_AUDIT_TOPIC: 'heads',
        KAFKA_TOPIC_PARTITIONS: '6',
        KAFKA_TOPIC_RETENTION_MS: '86400000',
        KAFKA_CLIENT_ID: 'relay-1',
        LOG_LEVEL: 'debug',
        RATE_LIMIT_PER_MINUTE: '0',
        RETENTION_ERASE_SOLVED_AFTER_DAYS: '365',
        PROJECTOR_THREAD: 'off',
      }),
    ).toEqual({
      host: '127.0.0.1',
      port: 8080,
      dataDir: '/var/lib/cases',
      authSecret: secret,
      auditSigningKey: signingKey,
      dataEncryptionKey,
      roles: new Set(['projector', 'relay']),
      eventStore: { kind: 'postgres', url: 'postgresql://cases@postgres:5432/events' },
      databaseUrl: 'postgresql://cases@postgres:5432/cases',
      databaseSchema: 'support',
      kafka: {
        brokers: ['kafka:9092'],
        topic: 'cases',
        auditTopic: 'heads',
        partitions: 6,
        retentionMs: 86_400_000,
        clientId: 'relay-1',
      },
      logLevel: 'debug',
      rateLimitPerMinute: 0,
      retentionDays: 365,
      projectorThread: false,
    });
  });

  it.each([
    ['esdb://eventstore:2113?tls=false', 'eventstoredb'],
    ['esdb+discover://cluster.example:2113', 'eventstoredb'],
    ['kurrentdb://kurrent:2113?tls=false', 'eventstoredb'],
    ['kurrentdb+discover://cluster.example:2113', 'eventstoredb'],
    ['esdb://eventstore-1:2113,eventstore-2:2113,eventstore-3:2113?tls=false', 'eventstoredb'],
    ['postgres://cases@db/events', 'postgres'],
    ['postgresql://cases@db/events', 'postgres'],
  ])('picks the event store by the scheme of EVENT_STORE_URL: %s is %s', (url, kind) => {
    expect(loadConfig({ EVENT_STORE_URL: url }).eventStore).toEqual({ kind, url });
  });

  it('reads ESDB_CONNECTION_STRING as the older name of EVENT_STORE_URL', () => {
    const url = 'esdb://eventstore:2113?tls=false';
    expect(loadConfig({ ESDB_CONNECTION_STRING: url }).eventStore).toEqual({ kind: 'eventstoredb', url });
    expect(loadConfig({ ESDB_CONNECTION_STRING: url, EVENT_STORE_URL: url }).eventStore).toEqual({
      kind: 'eventstoredb',
      url,
    });
  });

  it('runs retention by default only where RETENTION_ERASE_SOLVED_AFTER_DAYS is set', () => {
    expect(loadConfig({}).retentionDays).toBeUndefined();
    expect(loadConfig({}).roles.has('retention')).toBe(false);
    expect(loadConfig({ RETENTION_ERASE_SOLVED_AFTER_DAYS: '30' }).roles).toEqual(
      new Set(['api', 'projector', 'sealer', 'retention']),
    );
  });

  it('runs the relay by default where there is a broker', () => {
    expect(loadConfig({ KAFKA_BROKERS: 'kafka:9092' }).roles).toEqual(new Set(['api', 'projector', 'sealer', 'relay']));
  });

  it('turns the relay on with KAFKA_BROKERS, with the documented topic, three partitions and seven days by default', () => {
    expect(loadConfig({ KAFKA_BROKERS: '127.0.0.1:9092, kafka:9092' }).kafka).toEqual({
      brokers: ['127.0.0.1:9092', 'kafka:9092'],
      topic: 'iptv.supportcase.events.v1',
      auditTopic: 'iptv.supportcase.audit.v1',
      partitions: 3,
      retentionMs: 7 * 24 * 60 * 60 * 1000,
      clientId: 'supportcase-service',
    });
    expect(loadConfig({}).kafka).toBeUndefined();
  });

  it.each([
    [{ KAFKA_BROKERS: 'localhost' }, /^KAFKA_BROKERS must be a comma-separated list of host:port/],
    [{ KAFKA_BROKERS: '127.0.0.1:9092', KAFKA_TOPIC_PARTITIONS: '0' }, /^KAFKA_TOPIC_PARTITIONS must be a positive/],
    [
      { SERVICE_ROLES: 'api,worker' },
      /^SERVICE_ROLES must list roles among api, projector, sealer, relay, retention, got "worker"/,
    ],
    [{ SERVICE_ROLES: 'relay' }, /^SERVICE_ROLES includes relay but KAFKA_BROKERS is unset/],
    [{ KAFKA_TOPIC: 'cases' }, /^KAFKA_TOPIC is set but KAFKA_BROKERS is not/],
    [
      { DATABASE_URL: 'mysql://db/cases' },
      /^DATABASE_URL must be a URL starting with postgres:\/\/ or postgresql:\/\//,
    ],
    [{ ESDB_CONNECTION_STRING: 'http://esdb:2113' }, /^ESDB_CONNECTION_STRING must be a URL starting with esdb:\/\//],
    [
      { ESDB_CONNECTION_STRING: 'postgres://db/events' },
      /^ESDB_CONNECTION_STRING must be a URL starting with esdb:\/\/ or esdb\+discover:\/\/ or kurrentdb:\/\//,
    ],
    [
      { EVENT_STORE_URL: 'mysql://db/events' },
      /^EVENT_STORE_URL must be a URL starting with esdb:\/\/ or .* or postgres:\/\/ or postgresql:\/\//,
    ],
    [
      { EVENT_STORE_URL: 'postgres://db/events', ESDB_CONNECTION_STRING: 'esdb://eventstore:2113' },
      /^ESDB_CONNECTION_STRING is the older name of EVENT_STORE_URL but names another store/,
    ],
    [{ DATABASE_SCHEMA: 'Cases; DROP' }, /^DATABASE_SCHEMA must be a lower-case SQL identifier/],
    [{ RATE_LIMIT_PER_MINUTE: '-5' }, /^RATE_LIMIT_PER_MINUTE must be a whole number/],
    [{ PROJECTOR_THREAD: 'yes' }, /^PROJECTOR_THREAD must be one of on, off/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/],
    [{ PORT: 'http' }, /^PORT must be a port number/],
    [{ PORT: '70000' }, /^PORT must be a port number/],
    [{ PORT: '-1' }, /^PORT must be a port number/],
    [{ DATA_DIR: ' ' }, /^DATA_DIR is set but empty/],
    [{ AUTH_SECRET: 'short' }, /^AUTH_SECRET must be at least 32 characters/],
    [{ AUDIT_SIGNING_KEY: 'not a key' }, /^AUDIT_SIGNING_KEY must be an Ed25519 private key in PKCS#8 PEM/],
    [{ DATA_ENCRYPTION_KEY: 'not a key' }, /^DATA_ENCRYPTION_KEY must be 32 random bytes in base64/],
    [{ RETENTION_ERASE_SOLVED_AFTER_DAYS: '0' }, /^RETENTION_ERASE_SOLVED_AFTER_DAYS must be a positive whole number/],
    [
      { SERVICE_ROLES: 'retention' },
      /^SERVICE_ROLES includes retention but RETENTION_ERASE_SOLVED_AFTER_DAYS is unset/,
    ],
    [{ DATA_ENCRYPTION_KEY: randomBytes(16).toString('base64') }, /^DATA_ENCRYPTION_KEY must be 32 random bytes/],
  ])('refuses %j with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('refuses a signing key of another kind without showing it', () => {
    const key = rsaKey();

    expect(() => loadConfig({ AUDIT_SIGNING_KEY: key })).toThrow(/^AUDIT_SIGNING_KEY must be an Ed25519 private key/);
    expect(() => loadConfig({ AUDIT_SIGNING_KEY: key })).not.toThrow(key.split('\n')[1]);
  });

  it('refuses a data encryption key of another length without showing it', () => {
    const key = randomBytes(31).toString('base64');

    expect(() => loadConfig({ DATA_ENCRYPTION_KEY: key })).toThrow(/^DATA_ENCRYPTION_KEY must be 32 random bytes/);
    expect(() => loadConfig({ DATA_ENCRYPTION_KEY: key })).not.toThrow(key);
  });
});

function rsaKey(): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  return privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
}
