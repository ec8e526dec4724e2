import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { SUPPORT_CASE_STREAM_PREFIX } from '@lib/domain';
import { CatchUpSubscription, CheckpointStore, EventStore, measureLag } from '@lib/event-store';
import { connectWhenKafkaAnswers, createKafka, KafkaRelay, RelayProducer } from '@lib/kafka-relay';
import { ReadinessProbes } from '@lib/observability';
import { OpenedEventStore } from '@lib/personal-data';
import type { Admin } from 'kafkajs';
import { SERVICE_CONFIG, type KafkaConfig, type ServiceConfig } from '../config/service-config';
import { Metrics } from '../observability/metrics';
import { LeaderLock } from '../stores/leader-lock';
import { RELAY_CHECKPOINTS } from '../stores/stores.module';

const ROLE = 'relay';

/**
 * The relay role: a checkpointed catch-up over the event store that publishes each stored
 * support case event to Kafka. The API does not wait for Kafka: the relay connects in the
 * background and keeps trying while the broker is away.
 */
@Injectable()
export class KafkaRelayRole implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('KafkaRelay');
  private readonly kafkaConfig: KafkaConfig;
  private readonly admin: Admin;
  private readonly producer: RelayProducer;
  private readonly subscription: CatchUpSubscription;
  private readonly stopping = new AbortController();
  private starting?: Promise<void>;
  private connecting?: Promise<void>;

  constructor(
    eventStore: EventStore,
    openedEvents: OpenedEventStore,
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
    @Inject(RELAY_CHECKPOINTS) checkpoints: CheckpointStore,
    private readonly lock: LeaderLock,
    metrics: Metrics,
    probes: ReadinessProbes,
  ) {
    this.kafkaConfig = config.kafka as KafkaConfig;
    const kafka = createKafka({ ...this.kafkaConfig, logger: this.logger });
    // One try per connect: the relay's own backoff retries, and an attempt in flight ends soon on shutdown.
    this.admin = kafka.admin({ retry: { retries: 0 } });
    this.producer = new RelayProducer(kafka);
    // Contract v1 carries names and texts: the relay reads the events opened.
    const relay = new KafkaRelay(openedEvents, this.producer, checkpoints, this.kafkaConfig.topic);
    this.subscription = new CatchUpSubscription(openedEvents, relay, {
      streamPrefix: SUPPORT_CASE_STREAM_PREFIX,
      logger: this.logger,
    });
    metrics.watchConsumer(ROLE, async () =>
      measureLag(eventStore, await checkpoints.load(), { streamPrefix: SUPPORT_CASE_STREAM_PREFIX }),
    );
    probes.add('kafka', () => this.admin.describeCluster());
  }

  onApplicationBootstrap(): void {
    this.starting = this.publishOnceLeading();
  }

  /** Before the stores close: the batch in flight is acknowledged and checkpointed first. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    // An attempt to connect still in flight would connect after the disconnect below.
    await this.connecting;
    await this.subscription.stop();
    await this.producer.disconnect();
    await this.admin.disconnect();
    await this.lock.release(ROLE);
  }

  /** Resolves once every event appended before the call has been acknowledged by Kafka. */
  async waitUntilCaughtUp(): Promise<void> {
    await this.starting;
    await this.subscription.waitUntilCaughtUp();
  }

  private async publishOnceLeading(): Promise<void> {
    if (!(await this.lock.acquire(ROLE))) return;
    this.connecting = this.startWhenKafkaAnswers();
    await this.connecting;
  }

  private async startWhenKafkaAnswers(): Promise<void> {
    const { topic, partitions, brokers, retentionMs } = this.kafkaConfig;
    // The broker's copies of names and texts expire: an erasure reaches them within the retention.
    const target = { admin: this.admin, producer: this.producer, topic, partitions, retentionMs };
    // Shutdown may have come while connecting: a subscription started now would outlive its stores.
    if (!(await connectWhenKafkaAnswers(target, { signal: this.stopping.signal, logger: this.logger }))) return;
    this.subscription.start();
    this.logger.log(`publishing to ${topic} on ${brokers.join(',')}`);
  }
}
