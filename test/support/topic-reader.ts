import { Kafka, logLevel, type IHeaders } from 'kafkajs';
import { randomBytes } from 'node:crypto';

export interface ReadMessage {
  key: string;
  value: string;
  headers: Record<string, string>;
  partition: number;
}

/** Reads a whole topic from its beginning with a consumer group of its own. */
export async function readTopic(brokers: string[], topic: string, expectedCount: number): Promise<ReadMessage[]> {
  const kafka = new Kafka({ brokers, clientId: 'topic-reader', logLevel: logLevel.NOTHING });
  let done = false;
  // kafkajs restarts a consumer after a retriable failure, even one its disconnect caused.
  const retry = { restartOnFailure: async () => !done };
  const consumer = kafka.consumer({ groupId: `reader-${randomBytes(6).toString('hex')}`, retry });
  const messages: ReadMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message, partition }) => {
        messages.push({
          key: message.key?.toString() ?? '',
          value: message.value?.toString() ?? '',
          headers: textHeaders(message.headers),
          partition,
        });
      },
    });
    await until(() => messages.length >= expectedCount, 60_000);
    await settle(messages);
    return messages;
  } finally {
    done = true;
    await consumer.disconnect();
  }
}

/** A moment more, so that a message beyond the expected count would be seen too. */
async function settle(messages: ReadMessage[]): Promise<void> {
  let seen = -1;
  while (seen !== messages.length) {
    seen = messages.length;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

function textHeaders(headers: IHeaders | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name, String(value)]));
}

export async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
