import { deadLetterTopicOf } from '@lib/contracts';
import { Logger } from '@nestjs/common';
import { KafkaLogger, Transport, type KafkaOptions } from '@nestjs/microservices';
import { Kafka, Partitioners } from 'kafkajs';
import { ConfigError, type KafkaConfig } from '../config/notifier-config';

const CLIENT_ID = 'supportcase-notifier';

/** The consumer of the support case topic, in its own group, from the beginning of the topic. */
export function kafkaTransport({ brokers, groupId }: KafkaConfig): KafkaOptions {
  return {
    transport: Transport.KAFKA,
    options: {
      // Otherwise Nest appends "-server" to the client and group ids.
      postfixId: '',
      client: { clientId: CLIENT_ID, brokers: [...brokers] },
      consumer: { groupId },
      subscribe: { fromBeginning: true },
      // The value stays as received, so a dead letter carries the original bytes.
      parser: { keepBinary: true },
      // Writes dead letters once, acknowledged by all in-sync replicas, partitioned by key as Java clients do.
      producer: { idempotent: true, createPartitioner: Partitioners.DefaultPartitioner },
    },
  };
}

/**
 * The consumed topic belongs to the producing side and must exist; the dead letter topic is
 * the notifier's own and is created with the broker's defaults when missing.
 */
export async function prepareTopics({ brokers, topic }: KafkaConfig): Promise<void> {
  const kafka = new Kafka({
    clientId: CLIENT_ID,
    brokers: [...brokers],
    logCreator: KafkaLogger.bind(null, new Logger('KafkaAdmin')),
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = await admin.listTopics();
    if (!existing.includes(topic)) {
      throw new ConfigError('KAFKA_TOPIC', `names "${topic}", a topic the brokers do not have`);
    }
    const deadLetterTopic = deadLetterTopicOf(topic);
    if (!existing.includes(deadLetterTopic)) {
      await admin.createTopics({ topics: [{ topic: deadLetterTopic }], waitForLeaders: true });
    }
  } finally {
    await admin.disconnect();
  }
}
