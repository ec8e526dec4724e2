import { randomBytes } from 'node:crypto';
import { describeWithService } from './required-service';

/** A suite against the real broker that scripts/kafka/start.sh runs (KAFKA_BROKERS). */
export function describeWithKafka(name: string, suite: (brokers: string[]) => void): void {
  describeWithService('KAFKA_BROKERS', name, (brokers) => suite(brokers.split(',').filter((b) => b !== '')));
}

/** A topic of its own for each test, so suites sharing one broker never see each other's messages. */
export function uniqueTopic(prefix = 'test.supportcase'): string {
  return `${prefix}.${randomBytes(6).toString('hex')}`;
}
