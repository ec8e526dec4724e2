import type { Kafka, Producer, ProducerRecord } from 'kafkajs';
import { RelayProducer } from './relay-producer';

/** A test double of the kafkajs client: each producer it makes fails the sends it is told to fail. */
class KafkaDouble {
  readonly producers: ProducerDouble[] = [];
  failNextSend = false;

  producer(): Producer {
    const producer = new ProducerDouble(this);
    this.producers.push(producer);
    return producer as unknown as Producer;
  }
}

class ProducerDouble {
  readonly calls: string[] = [];
  constructor(private readonly kafka: KafkaDouble) {}

  async connect() {
    this.calls.push('connect');
  }

  async send(record: ProducerRecord) {
    this.calls.push(`send ${record.topic}`);
    if (!this.kafka.failNextSend) return [];
    this.kafka.failNextSend = false;
    throw new Error('The broker received an out of order sequence number');
  }

  async disconnect() {
    this.calls.push('disconnect');
  }
}

const record = (topic: string): ProducerRecord => ({ topic, messages: [{ value: 'x' }] });

describe('RelayProducer', () => {
  it('keeps one producer while its sends succeed', async () => {
    const kafka = new KafkaDouble();
    const producer = new RelayProducer(kafka as unknown as Kafka);
    await producer.connect();
    await producer.send(record('a'));
    await producer.send(record('b'));
    expect(kafka.producers.map((p) => p.calls)).toEqual([['connect', 'send a', 'send b']]);
  });

  it('sends through a new, connected producer after a send failed, the old one disconnected', async () => {
    const kafka = new KafkaDouble();
    const producer = new RelayProducer(kafka as unknown as Kafka);
    await producer.connect();
    kafka.failNextSend = true;
    await expect(producer.send(record('a'))).rejects.toThrow('out of order sequence number');
    await producer.send(record('a'));
    await producer.send(record('b'));
    expect(kafka.producers.map((p) => p.calls)).toEqual([
      ['connect', 'send a', 'disconnect'],
      ['connect', 'send a', 'send b'],
    ]);
  });
});
