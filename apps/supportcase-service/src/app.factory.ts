import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module';
import type { ServiceConfig } from './config/service-config';
import { problemOf } from './http/problem-of';
import {
  answerFrameworkError,
  openApiDocument,
  ProblemDetailsFilter,
  registerJsonBodyParser,
  serveOpenApi,
} from '@lib/http';
import { createObservedFastifyApp } from '@lib/observability';
import { serveAsyncApi } from './http/async-api';
import { serveConsole } from './http/console';
import { isRateLimited, limitRequestsPerToken } from './http/rate-limit';

const BODY_LIMIT_BYTES = 1024 * 1024;
const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** A caller's X-Request-Id becomes the correlation id of what it causes; otherwise a new one. */
function correlationId(request: { headers: FastifyRequest['headers'] }): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

export interface AppOptions {
  /** Where the JSON log goes; standard output by default. */
  logDestination?: DestinationStream;
}

export async function createApp(config: ServiceConfig, options: AppOptions = {}): Promise<NestFastifyApplication> {
  const app = await createObservedFastifyApp(AppModule.forRoot(config), {
    log: { service: 'supportcase-service', level: config.logLevel, destination: options.logDestination },
    fastify: {
      bodyLimit: BODY_LIMIT_BYTES,
      requestIdHeader: false,
      genReqId: correlationId,
      // Paths Fastify refuses before routing are answered as problems, like every other error.
      frameworkErrors: answerFrameworkError,
    },
    nest: { bodyParser: false },
  });
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  configureHttp(fastify);
  await limitRequestsPerToken(app, config.rateLimitPerMinute);
  app.useGlobalFilters(new ProblemDetailsFilter(problemOf));
  serveOpenApi(
    app,
    openApiDocument(app, {
      title: 'Support case service',
      description:
        'The IPTV platform support case API, event-sourced: every change is an event, kept with a ' +
        "hash chain and a signed Merkle log. A token goes in Authorization: Bearer, the query's `token`, " +
        'or a `token` cookie. Errors are application/problem+json.',
      rateLimited: isRateLimited,
    }),
  );
  serveAsyncApi(fastify);
  serveConsole(fastify);
  await app.init();
  return app;
}

function configureHttp(fastify: FastifyInstance): void {
  registerJsonBodyParser(fastify);
  let closing = false;
  fastify.addHook('preClose', async () => {
    closing = true;
  });
  fastify.addHook('onSend', async (request, reply) => {
    void reply.header('X-Request-Id', request.id);
    // A request answered while shutting down ends its connection, so closing waits for no one.
    if (closing) void reply.header('Connection', 'close');
  });
}
