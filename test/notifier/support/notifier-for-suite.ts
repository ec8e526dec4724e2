import { uniqueTopic } from '../../support/kafka';
import { KafkaTestClient } from './kafka-client';
import { NotifierUnderTest } from './notifier-under-test';

export interface SuiteNotifier {
  readonly topic: string;
  readonly kafka: KafkaTestClient;
  /** Started before the suite's first test. */
  readonly notifier: NotifierUnderTest;
}

/**
 * For a suite: a topic of its own, created before its first test, and a notifier consuming it;
 * both stopped after its last test.
 */
export function notifierForSuite(brokers: string[]): SuiteNotifier {
  const topic = uniqueTopic('test.notifier');
  const kafka = new KafkaTestClient(brokers);
  let notifier: NotifierUnderTest | undefined;
  beforeAll(async () => {
    await kafka.connect();
    await kafka.createTopic(topic);
    notifier = await NotifierUnderTest.start(brokers, topic);
  });
  afterAll(async () => {
    await notifier?.stop();
    await kafka.disconnect();
  });
  return {
    topic,
    kafka,
    get notifier() {
      if (!notifier) throw new Error('the notifier starts before the first test');
      return notifier;
    },
  };
}
