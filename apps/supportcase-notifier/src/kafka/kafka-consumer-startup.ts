import { retryWithBackoff } from '@lib/backoff';
import { deadLetterTopicOf } from '@lib/contracts';
import { ReadinessProbes } from '@lib/observability';
import { Logger, type BeforeApplicationShutdown, type INestMicroservice } from '@nestjs/common';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import type { KafkaConfig } from '../config/notifier-config';
import { CLIENT_ID } from './kafka-transport';

const RETRY = { initialDelayMs: 500, maxDelayMs: 10_000 };

/**
 * Starts consuming once the broker answers and the topic exists (the relay creates it), and
 * tries again with a bounded exponential backoff meanwhile, logging one line per attempt. Until
 * then the notifier serves HTTP but is not ready; afterwards it is ready while the broker answers.
 */
export class KafkaConsumerStartup implements BeforeApplicationShutdown {
  private readonly logger = new Logger('KafkaConsumer');
  private readonly stopping = new AbortController();
  /** Aborted once shutdown begins, before the consumer disconnects. */
  readonly stopped = this.stopping.signal;
  /** Its own attempts say what failed; kafkajs' retries and log lines would only repeat it. */
  private readonly admin: Admin;
  private started?: Promise<void>;
  /** Unset once consuming. */
  private notConsumingBecause?: string = 'not connected to Kafka yet';

  constructor(
    private readonly config: KafkaConfig,
    probes: ReadinessProbes,
  ) {
    const kafka = new Kafka({
      clientId: CLIENT_ID,
      brokers: [...config.brokers],
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
    });
    this.admin = kafka.admin();
    probes.add('kafka', () => this.brokerAnswersWhileConsuming());
  }

  /** Starts `consumer` (the app's Kafka microservice) once the topic is there; returns at once. */
  start(consumer: INestMicroservice): void {
    this.started = this.consumeOnceTopicExists(consumer);
  }

  /** Before the microservice closes, so it is never started after shutdown began. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    await this.started;
    await this.admin.disconnect();
  }

  private async brokerAnswersWhileConsuming(): Promise<void> {
    if (this.notConsumingBecause) throw new Error(this.notConsumingBecause);
    await this.admin.describeCluster();
  }

  private async consumeOnceTopicExists(consumer: INestMicroservice): Promise<void> {
    await retryWithBackoff(() => this.tryToConsume(consumer), {
      ...RETRY,
      signal: this.stopping.signal,
      onFailure: ({ message: problem }, delayMs) => {
        this.notConsumingBecause = problem;
        this.logger.warn(`${problem}; retrying in ${delayMs} ms`);
      },
    });
  }

  /** Starts consuming, or throws what stands in the way. */
  private async tryToConsume(consumer: INestMicroservice): Promise<void> {
    const { brokers, topic } = this.config;
    let topics: string[];
    try {
      await this.admin.connect();
      topics = await this.admin.listTopics();
    } catch (error) {
      throw new Error(`Kafka not reachable at ${brokers.join(',')} (${(error as Error).message})`);
    }
    if (!topics.includes(topic)) throw new Error(`topic ${topic} does not exist yet`);
    try {
      await this.createDeadLetterTopic(topics);
      await this.startConsumer(consumer);
    } catch (error) {
      throw new Error(`could not start consuming ${topic} (${(error as Error).message})`);
    }
  }

  /** The dead letter topic is the notifier's own: created with the broker's defaults when missing. */
  private async createDeadLetterTopic(topics: string[]): Promise<void> {
    const deadLetterTopic = deadLetterTopicOf(this.config.topic);
    if (!topics.includes(deadLetterTopic)) {
      await this.admin.createTopics({ topics: [{ topic: deadLetterTopic }], waitForLeaders: true });
    }
  }

  private async startConsumer(consumer: INestMicroservice): Promise<void> {
    // Shutdown may have begun during the attempt: a consumer started now would outlive the store.
    if (this.stopping.signal.aborted) return;
    await consumer.listen();
    this.notConsumingBecause = undefined;
    const { brokers, topic, groupId } = this.config;
    this.logger.log(
      `consuming ${topic} as group ${groupId} from ${brokers.join(',')}; dead letters to ${deadLetterTopicOf(topic)}`,
    );
  }
}
