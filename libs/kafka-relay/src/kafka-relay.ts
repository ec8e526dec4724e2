import type { CheckpointedConsumer, CheckpointStore, EventStore, LogPosition, RecordedEvent } from '@lib/event-store';
import type { RelayProducer } from './relay-producer';
import { CaseMessages } from './case-messages';
import type { OutgoingMessage } from './support-case-message.mapper';

/**
 * Publishes every stored support case event to Kafka, a batch at a time, and moves its
 * checkpoint only after the broker has acknowledged the batch from all in-sync replicas.
 * Delivery is at least once: a batch that failed part-way is sent again.
 */
export class KafkaRelay implements CheckpointedConsumer {
  private readonly messages: CaseMessages;

  constructor(
    eventStore: EventStore,
    private readonly producer: RelayProducer,
    private readonly checkpoints: CheckpointStore,
    private readonly topic: string,
  ) {
    this.messages = new CaseMessages(eventStore);
  }

  loadCheckpoint(): Promise<LogPosition> {
    return this.checkpoints.load();
  }

  async handle(events: readonly RecordedEvent[]): Promise<void> {
    const messages: OutgoingMessage[] = [];
    for (const recorded of events) messages.push(await this.messages.of(recorded));
    await this.producer.send({ topic: this.topic, acks: -1, messages });
    await this.checkpoints.save(events[events.length - 1].position);
  }
}
