import { resolve } from 'node:path';
import { ConfigError, loadConfig } from './service-config';

describe('loadConfig', () => {
  it('defaults to port 3000 on every interface with data in ./data and a generated secret', () => {
    expect(loadConfig({})).toEqual({ host: '0.0.0.0', port: 3000, dataDir: resolve('./data'), authSecret: undefined });
  });

  it('reads every variable', () => {
    const secret = 's'.repeat(32);
    expect(loadConfig({ HOST: '127.0.0.1', PORT: '8080', DATA_DIR: '/var/lib/cases', AUTH_SECRET: secret })).toEqual({
      host: '127.0.0.1',
      port: 8080,
      dataDir: '/var/lib/cases',
      authSecret: secret,
    });
  });

  it('turns the relay on with KAFKA_BROKERS, with the documented topic and three partitions by default', () => {
    expect(loadConfig({ KAFKA_BROKERS: '127.0.0.1:9092, kafka:9092' }).kafka).toEqual({
      brokers: ['127.0.0.1:9092', 'kafka:9092'],
      topic: 'iptv.supportcase.events.v1',
      partitions: 3,
      clientId: 'supportcase-service',
    });
    expect(loadConfig({}).kafka).toBeUndefined();
  });

  it.each([
    [{ KAFKA_BROKERS: 'localhost' }, /^KAFKA_BROKERS must be a comma-separated list of host:port/],
    [{ KAFKA_BROKERS: '127.0.0.1:9092', KAFKA_TOPIC_PARTITIONS: '0' }, /^KAFKA_TOPIC_PARTITIONS must be a positive/],
    [{ PORT: 'http' }, /^PORT must be a port number/],
    [{ PORT: '70000' }, /^PORT must be a port number/],
    [{ PORT: '-1' }, /^PORT must be a port number/],
    [{ DATA_DIR: ' ' }, /^DATA_DIR is set but empty/],
    [{ AUTH_SECRET: 'short' }, /^AUTH_SECRET must be at least 32 characters/],
  ])('refuses %j with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
