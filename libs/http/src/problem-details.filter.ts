import { ArgumentsHost, Catch, HttpException, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiProblem, isErrorCode, type ErrorCode, type FieldError } from './api-problem';
import { unsupportedMediaType } from './json-body.parser';
import { PROBLEM_MEDIA_TYPE, type Problem } from './openapi/problem-schema';

/** Also the codes of errors Fastify raises before a route runs (body limits, media types). */
const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'invalid_body',
  401: 'invalid_token',
  403: 'access_denied',
  404: 'not_found',
  409: 'conflict',
  412: 'precondition_failed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'idempotency_key_reused',
  429: 'too_many_requests',
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

/** An app's own errors as the problems they answer: undefined for any error it does not know. */
export type ProblemMapping = (error: unknown) => ApiProblem | undefined;

/** Turns any error into application/problem+json; a 500 shows nothing of its cause. */
export function toProblem(error: unknown, mapping: ProblemMapping = () => undefined): Problem {
  const mapped = error instanceof ApiProblem ? error : mapping(error);
  if (mapped) return problem(mapped.status, mapped.code, mapped.detail, mapped.errors);
  if (error instanceof HttpException) return fromHttpException(error);
  return problem(500, 'internal_error', 'internal error');
}

function fromHttpException(error: HttpException): Problem {
  const status = error.getStatus();
  // Fastify refuses a media type no parser takes before a route runs; JSON is the only one.
  if (status === 415) return toProblem(unsupportedMediaType());
  const body = error.getResponse();
  const given = typeof body === 'object' && body !== null ? (body as { error?: unknown; detail?: unknown }) : {};
  const code = isErrorCode(given.error) ? given.error : undefined;
  const detail = typeof given.detail === 'string' ? given.detail : error.message;
  return problem(status, code ?? STATUS_CODES[status] ?? 'internal_error', status >= 500 ? 'internal error' : detail);
}

function problem(status: number, error: ErrorCode, detail: string, errors?: FieldError[]): Problem {
  return {
    type: `urn:telecomx:problem:${error}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    error,
    ...(errors && { errors }),
  };
}

export function sendProblem(reply: FastifyReply, document: Problem): void {
  void reply.status(document.status).header('content-type', PROBLEM_MEDIA_TYPE).send(document);
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly mapping?: ProblemMapping) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const document = toProblem(error, this.mapping);
    const http = host.switchToHttp();
    // The request's own logger carries its correlation id; the caller sees nothing of the cause.
    if (document.status >= 500) http.getRequest<FastifyRequest>().log.error({ err: error }, 'request failed');
    sendProblem(http.getResponse<FastifyReply>(), document);
  }
}
