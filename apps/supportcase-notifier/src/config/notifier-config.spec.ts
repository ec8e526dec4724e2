import { resolve } from 'node:path';
import { ConfigError, loadConfig } from './notifier-config';

const REQUIRED = { KAFKA_BROKERS: 'kafka:9092' };

describe('loadConfig', () => {
  it('defaults to port 3001 on every interface, SQLite in ./data, the contract topic and its own group', () => {
    expect(loadConfig(REQUIRED)).toEqual({
      host: '0.0.0.0',
      port: 3001,
      dataDir: resolve('./data'),
      authSecret: undefined,
      databaseUrl: undefined,
      kafka: { brokers: ['kafka:9092'], topic: 'iptv.supportcase.events.v1', groupId: 'supportcase-notifier' },
      logLevel: 'info',
    });
  });

  it('reads every variable', () => {
    const secret = 's'.repeat(32);
    const env = {
      HOST: '127.0.0.1',
      PORT: '8081',
      DATA_DIR: '/var/lib/notifier',
      AUTH_SECRET: secret,
      DATABASE_URL: 'postgresql://notifier@db:5432/notifier',
      KAFKA_BROKERS: 'kafka-1:9092, 10.0.0.2:19092',
      KAFKA_TOPIC: 'staging.supportcase.events.v1',
      KAFKA_GROUP_ID: 'notifier-staging',
      LOG_LEVEL: 'debug',
    };

    expect(loadConfig(env)).toEqual({
      host: '127.0.0.1',
      port: 8081,
      dataDir: '/var/lib/notifier',
      authSecret: secret,
      databaseUrl: 'postgresql://notifier@db:5432/notifier',
      kafka: {
        brokers: ['kafka-1:9092', '10.0.0.2:19092'],
        topic: 'staging.supportcase.events.v1',
        groupId: 'notifier-staging',
      },
      logLevel: 'debug',
    });
  });

  it.each([
    [{}, /^KAFKA_BROKERS is required/],
    [{ KAFKA_BROKERS: 'kafka' }, /^KAFKA_BROKERS must be a comma-separated list of host:port, got "kafka"/],
    [{ KAFKA_BROKERS: 'kafka:9092,' }, /^KAFKA_BROKERS must be a comma-separated list of host:port, got ""/],
    [{ KAFKA_BROKERS: 'kafka:99999' }, /^KAFKA_BROKERS must be a comma-separated list of host:port/],
    [{ ...REQUIRED, KAFKA_TOPIC: 'events with spaces' }, /^KAFKA_TOPIC must be/],
    [{ ...REQUIRED, KAFKA_TOPIC: 't'.repeat(246) }, /^KAFKA_TOPIC must be 1-245 characters/],
    [{ ...REQUIRED, KAFKA_GROUP_ID: '' }, /^KAFKA_GROUP_ID is set but empty/],
    [{ ...REQUIRED, PORT: 'http' }, /^PORT must be a port number/],
    [{ ...REQUIRED, PORT: '70000' }, /^PORT must be a port number/],
    [{ ...REQUIRED, DATA_DIR: ' ' }, /^DATA_DIR is set but empty/],
    [{ ...REQUIRED, AUTH_SECRET: 'short' }, /^AUTH_SECRET must be at least 32 characters/],
    [{ ...REQUIRED, DATABASE_URL: 'mysql://db/notifier' }, /^DATABASE_URL must be a URL starting with postgres:\/\//],
    [{ ...REQUIRED, LOG_LEVEL: 'loud' }, /^LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/],
  ])('refuses %j with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
