import { supportCaseAsyncApiDocument } from '@lib/contracts';
import type { FastifyInstance } from 'fastify';

const ASYNCAPI_JSON_PATH = '/docs/asyncapi.json';

/** The AsyncAPI 3.0 document of the topics the service publishes. */
export function serveAsyncApi(fastify: FastifyInstance): void {
  const document = supportCaseAsyncApiDocument();
  fastify.get(ASYNCAPI_JSON_PATH, (_request, reply) => reply.send(document));
}
