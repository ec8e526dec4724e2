import { randomBytes } from 'node:crypto';

/**
 * Suites against the real broker run when KAFKA_BROKERS is set (scripts/kafka/start.sh and
 * .ci/run set it). Under CI=true a missing broker fails the suite instead of skipping it.
 */
export function describeWithKafka(name: string, suite: (brokers: string[]) => void): void {
  const brokers = process.env.KAFKA_BROKERS?.split(',').filter((broker) => broker !== '');
  if (brokers?.length) {
    describe(name, () => suite(brokers));
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs KAFKA_BROKERS under CI', () => {
        throw new Error('KAFKA_BROKERS is not set: CI must run the Kafka suites (see scripts/kafka/start.sh)');
      });
    });
    return;
  }
  const skipped = describe.skip;
  skipped(`${name} (set KAFKA_BROKERS to run against a real broker)`, () => suite([]));
}

/** A topic of its own for each test, so suites sharing one broker never see each other's messages. */
export function uniqueTopic(prefix = 'test.supportcase'): string {
  return `${prefix}.${randomBytes(6).toString('hex')}`;
}
