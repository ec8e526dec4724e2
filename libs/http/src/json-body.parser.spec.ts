import Fastify, { type FastifyInstance } from 'fastify';
import { registerJsonBodyParser } from './json-body.parser';
import { sendProblem, toProblem } from './problem-details.filter';

describe('registerJsonBodyParser', () => {
  let fastify: FastifyInstance;

  beforeAll(async () => {
    fastify = Fastify();
    registerJsonBodyParser(fastify);
    fastify.setErrorHandler((error, _request, reply) => sendProblem(reply, toProblem(error)));
    const echo = async (request: { body: unknown }) => ({ body: request.body ?? null });
    fastify.post('/echo', echo);
    fastify.delete('/echo', echo);
    await fastify.ready();
  });

  afterAll(() => fastify.close());

  it('parses a JSON body', async () => {
    const reply = await fastify.inject({ method: 'POST', url: '/echo', payload: { name: 'x' } });
    expect(reply.json()).toEqual({ body: { name: 'x' } });
  });

  it('refuses an empty JSON body on POST', async () => {
    const reply = await fastify.inject({
      method: 'POST',
      url: '/echo',
      headers: { 'content-type': 'application/json' },
    });
    expect(reply.statusCode).toBe(400);
    expect(reply.json()).toMatchObject({
      error: 'invalid_body',
      errors: [{ path: '', message: 'body must not be empty' }],
    });
  });

  it.each(['application/json', 'text/plain', 'application/x-www-form-urlencoded', 'not a media type'])(
    'accepts a DELETE without a body whatever its Content-Type, here %s',
    async (contentType) => {
      const reply = await fastify.inject({ method: 'DELETE', url: '/echo', headers: { 'content-type': contentType } });
      expect({ status: reply.statusCode, body: reply.json() }).toEqual({ status: 200, body: { body: null } });
    },
  );

  it('still parses, and refuses, a body a DELETE does carry', async () => {
    const reply = await fastify.inject({
      method: 'DELETE',
      url: '/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"__proto__":{}}',
    });
    expect(reply.statusCode).toBe(400);
    expect(reply.json()).toMatchObject({ error: 'invalid_body', errors: [{ path: '/__proto__' }] });
  });
});
