import type { NestApplicationOptions } from '@nestjs/common';
import { NestFactory, type IEntryNestModule } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { createLogger, PinoNestLogger, type LoggerOptions } from './logger';
import { MetricsRegistry, recordRequestDurations } from './metrics-registry';
import { OneLinePerRequest } from './request-lines';

export interface ObservedFastifyAppOptions {
  readonly log: LoggerOptions;
  /** The app's own Fastify options; the logger, its request lines and how connections close are set here. */
  readonly fastify?: Omit<FastifyServerOptions, 'loggerInstance' | 'logController' | 'forceCloseConnections'>;
  /** The app's own Nest options; the logger is set here. */
  readonly nest?: Omit<NestApplicationOptions, 'logger'>;
}

/**
 * A Nest app on Fastify whose request lines and Nest's own lines go to one JSON log, and whose
 * requests are timed; `module` imports ObservabilityModule, which holds the metrics.
 */
export async function createObservedFastifyApp(
  module: IEntryNestModule,
  options: ObservedFastifyAppOptions,
): Promise<NestFastifyApplication> {
  const logger = createLogger(options.log);
  const adapter = new FastifyAdapter({
    ...options.fastify,
    loggerInstance: logger,
    logController: new OneLinePerRequest(),
    // Idle keep-alive connections must not hold a shutdown until they time out.
    forceCloseConnections: 'idle',
  });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    ...options.nest,
    logger: new PinoNestLogger(logger),
  });
  recordRequestDurations(app.getHttpAdapter().getInstance() as unknown as FastifyInstance, app.get(MetricsRegistry));
  return app;
}
