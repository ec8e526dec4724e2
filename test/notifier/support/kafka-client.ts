import { randomBytes } from 'node:crypto';
import { Kafka, Partitioners, logLevel, type Consumer, type KafkaMessage, type Message, type Producer } from 'kafkajs';

/** The test's own side of the broker: makes topics, produces, and reads what the notifier wrote. */
export class KafkaTestClient {
  private readonly kafka: Kafka;
  private readonly producer: Producer;
  private readonly consumers: Consumer[] = [];
  private disconnecting = false;

  constructor(brokers: string[]) {
    this.kafka = new Kafka({ clientId: 'notifier-test', brokers, logLevel: logLevel.NOTHING });
    this.producer = this.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  }

  async connect(): Promise<void> {
    await this.producer.connect();
  }

  async createTopic(topic: string): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({ topics: [{ topic }], waitForLeaders: true });
    } finally {
      await admin.disconnect();
    }
  }

  async topicExists(topic: string): Promise<boolean> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      return (await admin.listTopics()).includes(topic);
    } finally {
      await admin.disconnect();
    }
  }

  async produce(topic: string, messages: Message[]): Promise<void> {
    await this.producer.send({ topic, messages });
  }

  /** Reads `topic` from its beginning, in a consumer group of its own, into the list returned: oldest first. */
  async receive(topic: string): Promise<KafkaMessage[]> {
    const groupId = `notifier-test-reader-${randomBytes(6).toString('hex')}`;
    // kafkajs restarts a consumer after a retriable failure, even one its disconnect caused.
    const consumer = this.kafka.consumer({ groupId, retry: { restartOnFailure: async () => !this.disconnecting } });
    this.consumers.push(consumer);
    const messages: KafkaMessage[] = [];
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void messages.push(message) });
    return messages;
  }

  async disconnect(): Promise<void> {
    this.disconnecting = true;
    await Promise.all(this.consumers.map((consumer) => consumer.disconnect()));
    await this.producer.disconnect();
  }
}
