import { Controller, Inject, type Type } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { NotificationRecorder } from './notification-recorder';

/**
 * The Kafka consumer of `topic`. ServerKafka subscribes to the patterns of its handlers, and a
 * decorator's pattern is fixed when its class is declared, so the class is declared per topic.
 */
export function recordNotificationConsumer(topic: string): Type<unknown> {
  @Controller()
  class RecordNotificationConsumer {
    constructor(@Inject(NotificationRecorder) private readonly recorder: NotificationRecorder) {}

    @EventPattern(topic)
    consume(@Ctx() context: KafkaContext): Promise<void> {
      return this.recorder.record(context);
    }
  }
  return RecordNotificationConsumer;
}
