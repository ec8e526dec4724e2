/**
 * For relay.e2e-spec.ts: starts the service with its relay on the given brokers, stops it at
 * once, while the relay is still connecting, and leaves this process to end on its own. It ends
 * only if the relay closed every connection it opened.
 * Usage: relay-stopped-while-connecting.ts <brokers>
 */
import { ServiceUnderTest } from '../../support/service-under-test';
import { uniqueTopic } from '../../support/kafka';

async function main(brokers: string[]): Promise<void> {
  const service = await ServiceUnderTest.start({
    kafka: {
      brokers,
      topic: uniqueTopic(),
      auditTopic: uniqueTopic(),
      partitions: 1,
      retentionMs: 3_600_000,
      clientId: 'relay-stopped-while-connecting',
    },
  });
  await service.stop();
}

main(process.argv[2].split(',')).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
