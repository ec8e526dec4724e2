import type { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { answerFrameworkError, ProblemDetailsFilter } from '@lib/http';
import type { NotifierConfig } from './config/notifier-config';
import { kafkaTransport, prepareTopics } from './kafka/kafka-transport';
import { NotifierModule } from './notifier.module';

/**
 * The notifier, initialised but neither listening nor consuming: the caller starts both with
 * `startAllMicroservices()` and `listen()`.
 */
export async function createNotifierApp(
  config: NotifierConfig,
  logLevels?: LogLevel[],
): Promise<NestFastifyApplication> {
  await prepareTopics(config.kafka);
  const logger = logLevels ?? ['log', 'warn', 'error', 'fatal'];
  // The service's problem filter logs a 500's cause through the request's logger.
  const adapter = new FastifyAdapter({ logger: { level: 'error' }, frameworkErrors: answerFrameworkError });
  const app = await NestFactory.create<NestFastifyApplication>(NotifierModule.forRoot(config), adapter, { logger });
  app.useGlobalFilters(new ProblemDetailsFilter());
  // The HTTP problem filter stays off the consumer: there, errors decide whether Kafka delivers again.
  app.connectMicroservice(kafkaTransport(config.kafka), { inheritAppConfig: false });
  app.enableShutdownHooks();
  await app.init();
  return app;
}
