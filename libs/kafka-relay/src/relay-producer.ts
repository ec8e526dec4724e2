import type { Kafka, Producer, ProducerRecord, RecordMetadata } from 'kafkajs';

/**
 * An idempotent producer waiting for all in-sync replicas; one request in flight keeps each
 * partition's order through retries. It gives up after a few retries so the relay's own
 * backoff, which logs, takes over during an outage.
 */
function createIdempotentProducer(kafka: Kafka): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    retry: { retries: 5, initialRetryTime: 300, maxRetryTime: 5_000 },
  });
}

/**
 * The relays' producer, renewed after a send that failed. kafkajs keeps an idempotent
 * producer's sequence numbers through a failed send, though the broker may have written that
 * batch, or have lost its state in a restart: every later send is then refused as out of order
 * (tulios/kafkajs#598), and the relay would retry forever. A new producer gets a new producer id,
 * so its sequence starts again; the failed batch is sent again from the checkpoint, at least once.
 */
export class RelayProducer {
  private producer: Producer;
  private failed = false;

  constructor(private readonly kafka: Kafka) {
    this.producer = createIdempotentProducer(kafka);
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  async send(record: ProducerRecord): Promise<RecordMetadata[]> {
    if (this.failed) await this.renew();
    try {
      return await this.producer.send(record);
    } catch (error) {
      this.failed = true;
      throw error;
    }
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  private async renew(): Promise<void> {
    // The old producer's connections may already be gone with the broker; it is dropped either way.
    await this.producer.disconnect().catch(() => undefined);
    this.producer = createIdempotentProducer(this.kafka);
    await this.producer.connect();
    this.failed = false;
  }
}
