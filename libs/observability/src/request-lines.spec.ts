import Fastify from 'fastify';
import { createLogger, type LogLevelName } from './logger';
import { OneLinePerRequest } from './request-lines';

/** The request lines logged for one request to `url` at `level`. */
async function requestLines(level: LogLevelName, url: string): Promise<Array<Record<string, unknown>>> {
  const lines: string[] = [];
  const fastify = Fastify({
    loggerInstance: createLogger({
      service: 'test',
      level,
      destination: { write: (line: string) => lines.push(line) },
    }),
    logController: new OneLinePerRequest(),
  });
  fastify.get('/cases', async () => ({ cases: [] }));
  fastify.get('/broken', (_request, reply) => {
    reply.raw.emit('error', new Error('the connection broke'));
  });
  // The broken route's response fails, and so does its injection: the lines logged are what is checked.
  await fastify.inject({ method: 'GET', url }).catch(() => undefined);
  await fastify.close();
  return lines.map((line) => JSON.parse(line)).filter((entry) => entry.reqId !== undefined);
}

describe('OneLinePerRequest', () => {
  it('logs a request once at info, when answered: method, URL without credentials, status and time', async () => {
    const lines = await requestLines('info', '/cases?token=secret&page=2');

    expect(lines).toEqual([
      expect.objectContaining({
        msg: 'request completed',
        req: expect.objectContaining({ method: 'GET', url: '/cases?token=[redacted]&page=2' }),
        res: { statusCode: 200 },
        responseTime: expect.any(Number),
      }),
    ]);
  });

  it('logs its arrival too at debug, under the same request id', async () => {
    const lines = await requestLines('debug', '/cases');

    expect(lines.map((entry) => entry.msg)).toEqual(['incoming request', 'request completed']);
    expect(lines[0].reqId).toBe(lines[1].reqId);
  });

  it('logs a response that failed as an error, with what was asked', async () => {
    const lines = await requestLines('info', '/broken?token=secret');

    expect(lines).toEqual([
      expect.objectContaining({
        level: 50,
        msg: 'request errored',
        req: expect.objectContaining({ method: 'GET', url: '/broken?token=[redacted]' }),
        err: expect.objectContaining({ message: 'the connection broke' }),
      }),
    ]);
  });
});
