import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ApiProblem } from './api-problem';
import { sendProblem, toProblem } from './problem-details.filter';

/**
 * Fastify's `frameworkErrors` option: a path it refuses before routing (bad percent-encoding,
 * a parameter past its length limit) is answered as a problem like every other error.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const detail =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'a path parameter is too long' : 'the path is not a valid URL';
  sendProblem(reply.header('X-Request-Id', request.id), toProblem(new ApiProblem(400, 'invalid_id', detail)));
}
