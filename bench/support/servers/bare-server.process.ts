import Fastify, { type FastifyRequest } from 'fastify';
import { extractToken, verifyToken } from '@lib/auth';
import { documentOfSize } from '../payloads';
import { serveParent } from './child-server';
import type { BareServerOptions } from './bare-server';

/**
 * The least any server answering these requests must do: parse the JSON body, verify the
 * token with the platform's own library, and answer a document of the service's size. No
 * logging, no store, no framework beyond Fastify.
 */
serveParent<BareServerOptions>(async ({ authSecret, documentBytes }) => {
  const document = documentOfSize(documentBytes);
  const fastify = Fastify({ bodyLimit: 1024 * 1024 });
  const answer = async (request: FastifyRequest) => {
    await verifyToken(authSecret, extractToken(request) ?? '');
    return document;
  };
  fastify.post('/iptv/supportcase/:id', answer);
  fastify.get('/iptv/supportcase/:id', answer);
  fastify.get('/iptv/supportcase', answer);
  const url = await fastify.listen({ host: '127.0.0.1', port: 0 });
  return { url, commands: {}, stop: () => fastify.close() };
});
