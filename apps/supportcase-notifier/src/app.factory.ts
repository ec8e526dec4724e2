import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { answerFrameworkError, ProblemDetailsFilter } from '@lib/http';
import { createObservedFastifyApp } from '@lib/observability';
import type { DestinationStream } from 'pino';
import type { NotifierConfig } from './config/notifier-config';
import { KafkaConsumerStartup } from './kafka/kafka-consumer-startup';
import { kafkaTransport } from './kafka/kafka-transport';
import { NotifierModule } from './notifier.module';

export interface NotifierAppOptions {
  /** Where the JSON log goes; standard output by default. */
  logDestination?: DestinationStream;
}

/**
 * The notifier, initialised and about to consume: it starts once Kafka has the topic, in the
 * background, so the caller can `listen()` at once and serve health while Kafka is away.
 */
export async function createNotifierApp(
  config: NotifierConfig,
  options: NotifierAppOptions = {},
): Promise<NestFastifyApplication> {
  const app = await createObservedFastifyApp(NotifierModule.forRoot(config), {
    log: { service: 'supportcase-notifier', level: config.logLevel, destination: options.logDestination },
    fastify: { frameworkErrors: answerFrameworkError },
  });
  app.useGlobalFilters(new ProblemDetailsFilter());
  // The HTTP problem filter stays off the consumer: there, errors decide whether Kafka delivers again.
  const startup = app.get(KafkaConsumerStartup);
  const consumer = app.connectMicroservice(kafkaTransport(config.kafka, startup.stopped), { inheritAppConfig: false });
  await app.init();
  startup.start(consumer);
  return app;
}
