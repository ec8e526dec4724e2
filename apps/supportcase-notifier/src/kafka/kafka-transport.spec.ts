import type { ConsumerConfig } from 'kafkajs';
import { kafkaTransport } from './kafka-transport';

const config = { brokers: ['127.0.0.1:9092'], topic: 'iptv.supportcase.events.v1', groupId: 'notifier' };

function restartOnFailureOf(stopping: AbortSignal): (error: Error) => Promise<boolean> {
  const consumer = kafkaTransport(config, stopping).options?.consumer as ConsumerConfig;
  return consumer.retry!.restartOnFailure!;
}

describe('the notifier Kafka transport', () => {
  it('lets kafkajs restart a consumer after a retriable failure while the notifier runs', async () => {
    const running = new AbortController();

    await expect(restartOnFailureOf(running.signal)(new Error('rebalancing'))).resolves.toBe(true);
  });

  it('restarts no consumer once shutdown has begun', async () => {
    const stopping = new AbortController();
    const restartOnFailure = restartOnFailureOf(stopping.signal);

    stopping.abort();

    await expect(restartOnFailure(new Error('connection closed by the disconnect'))).resolves.toBe(false);
  });
});
