import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditLogStore } from '@lib/audit-log';
import { CheckpointStore } from '@lib/event-store';
import { connectWhenKafkaAnswers, createKafka, RelayProducer, TreeHeadPublisher } from '@lib/kafka-relay';
import type { Admin } from 'kafkajs';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import { TREE_HEAD_CHECKPOINTS } from '../stores/stores.module';

/** Heads must be read in the order they were signed. */
const AUDIT_TOPIC_PARTITIONS = 1;

interface Connection {
  readonly admin: Admin;
  readonly producer: RelayProducer;
  readonly publisher: TreeHeadPublisher;
  readonly topic: string;
}

/**
 * With Kafka configured, copies every signed head to the audit topic, so the heads also exist
 * outside the store they vouch for. Without Kafka it does nothing. A head that fails to go out
 * goes with the next attempt: the sealer asks after each head and on its timer.
 */
@Injectable()
export class TreeHeadRelay {
  private readonly logger = new Logger('TreeHeadRelay');
  private readonly connection?: Connection;
  private readonly stopping = new AbortController();
  private connected = false;
  private connecting?: Promise<void>;
  private publishing: Promise<void> = Promise.resolve();

  constructor(
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
    @Inject(TREE_HEAD_CHECKPOINTS) checkpoints: CheckpointStore,
    private readonly auditLog: AuditLogStore,
  ) {
    if (!config.kafka) return;
    const kafka = createKafka({ ...config.kafka, logger: this.logger });
    const producer = new RelayProducer(kafka);
    this.connection = {
      admin: kafka.admin({ retry: { retries: 0 } }),
      producer,
      publisher: new TreeHeadPublisher(producer, checkpoints, config.kafka.auditTopic),
      topic: config.kafka.auditTopic,
    };
  }

  /** Connects in the background, keeps trying while the broker is away, then sends what is pending. */
  start(): void {
    if (!this.connection) return;
    this.connecting = this.connectThenPublish(this.connection);
  }

  /** Sends the heads not yet acknowledged; a failure is logged, and the next attempt sends them. */
  publishPending(): Promise<void> {
    return this.attempt().catch((error: Error) =>
      this.logger.warn(`publishing tree heads failed (${error.message}); the next attempt sends them`),
    );
  }

  /** Resolves once every head stored before the call is acknowledged by Kafka; at once without Kafka. */
  async waitUntilPublished(): Promise<void> {
    await this.connecting;
    await this.attempt();
  }

  async stop(): Promise<void> {
    if (!this.connection) return;
    this.stopping.abort();
    await this.connecting;
    await this.publishing;
    await this.connection.producer.disconnect();
    await this.connection.admin.disconnect();
  }

  private async connectThenPublish(connection: Connection): Promise<void> {
    const target = { ...connection, partitions: AUDIT_TOPIC_PARTITIONS };
    if (!(await connectWhenKafkaAnswers(target, { signal: this.stopping.signal, logger: this.logger }))) return;
    this.connected = true;
    this.logger.log(`publishing signed tree heads to ${connection.topic}`);
    await this.publishPending();
  }

  /** One attempt at a time: heads go out in order, each once it is acknowledged. */
  private attempt(): Promise<void> {
    const connection = this.connection;
    if (!connection || !this.connected) return this.publishing;
    const sent = this.publishing.then(async () => {
      await connection.publisher.publish((treeSize) => this.auditLog.heads(treeSize));
    });
    this.publishing = sent.catch(() => undefined);
    return sent;
  }
}
