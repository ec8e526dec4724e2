import type { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppModule } from './app.module';
import type { ServiceConfig } from './config/service-config';
import { registerJsonBodyParser } from './http/json-body.parser';
import { serveOpenApi } from './http/openapi';
import { ProblemDetailsFilter } from './http/problem-details.filter';

const BODY_LIMIT_BYTES = 1024 * 1024;
const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** A caller's X-Request-Id becomes the correlation id of what it causes; otherwise a new one. */
function correlationId(request: { headers: FastifyRequest['headers'] }): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

export async function createApp(config: ServiceConfig, logLevels?: LogLevel[]): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, requestIdHeader: false, genReqId: correlationId });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: logLevels ?? ['log', 'warn', 'error', 'fatal'],
    bodyParser: false,
  });
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  configureHttp(fastify);
  app.useGlobalFilters(new ProblemDetailsFilter());
  serveOpenApi(app, fastify);
  app.enableShutdownHooks();
  await app.init();
  return app;
}

function configureHttp(fastify: FastifyInstance): void {
  registerJsonBodyParser(fastify);
  fastify.addHook('onSend', async (request, reply) => {
    void reply.header('X-Request-Id', request.id);
  });
}
