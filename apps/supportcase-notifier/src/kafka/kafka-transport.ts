import { Transport, type KafkaOptions } from '@nestjs/microservices';
import { Partitioners } from 'kafkajs';
import type { KafkaConfig } from '../config/notifier-config';

export const CLIENT_ID = 'supportcase-notifier';

/**
 * The consumer of the support case topic, in its own group, from the beginning of the topic.
 * After a retriable failure kafkajs restarts the consumer, also one that the disconnect at
 * shutdown caused: once `stopping` is aborted it does not, so no consumer outlives the app.
 */
export function kafkaTransport({ brokers, groupId }: KafkaConfig, stopping: AbortSignal): KafkaOptions {
  return {
    transport: Transport.KAFKA,
    options: {
      // Otherwise Nest appends "-server" to the client and group ids.
      postfixId: '',
      client: { clientId: CLIENT_ID, brokers: [...brokers] },
      consumer: { groupId, retry: { restartOnFailure: async () => !stopping.aborted } },
      subscribe: { fromBeginning: true },
      // The value stays as received, so a dead letter carries the original bytes.
      parser: { keepBinary: true },
      // Writes dead letters once, acknowledged by all in-sync replicas, partitioned by key as Java clients do.
      producer: { idempotent: true, createPartitioner: Partitioners.DefaultPartitioner },
    },
  };
}
