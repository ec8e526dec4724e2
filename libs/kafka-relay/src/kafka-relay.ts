import type { CheckpointedConsumer, CheckpointStore, EventStore, LogPosition, RecordedEvent } from '@lib/event-store';
import type { Producer } from 'kafkajs';
import { CaseTimeline } from './case-timeline';
import { toSupportCaseMessage } from './support-case-message.mapper';

/**
 * Publishes every stored support case event to Kafka, a batch at a time, and moves its
 * checkpoint only after the broker has acknowledged the batch from all in-sync replicas.
 * Delivery is at least once: a batch that failed part-way is sent again.
 */
export class KafkaRelay implements CheckpointedConsumer {
  private readonly timeline: CaseTimeline;

  constructor(
    eventStore: EventStore,
    private readonly producer: Producer,
    private readonly checkpoints: CheckpointStore,
    private readonly topic: string,
  ) {
    this.timeline = new CaseTimeline(eventStore);
  }

  loadCheckpoint(): Promise<LogPosition> {
    return this.checkpoints.load();
  }

  async handle(events: readonly RecordedEvent[]): Promise<void> {
    const messages = [];
    for (const recorded of events) messages.push(toSupportCaseMessage(recorded, await this.timeline.apply(recorded)));
    await this.producer.send({ topic: this.topic, acks: -1, messages });
    await this.checkpoints.save(events[events.length - 1].position);
  }
}
