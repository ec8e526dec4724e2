import { ForbiddenException, HttpException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { ApiProblem } from './api-problem';
import { toProblem } from './problem-details.filter';

describe('toProblem', () => {
  it('answers an unexpected error with a bare 500 that shows nothing of its cause', () => {
    const error = new Error('SQLITE_CORRUPT at /var/lib/cases/supportcase.sqlite');
    expect(toProblem(error)).toEqual({
      type: 'urn:telecomx:problem:internal_error',
      title: 'Internal Server Error',
      status: 500,
      detail: 'internal error',
      error: 'internal_error',
    });
  });

  it("answers an app's own errors as its mapping says, and any other as before", () => {
    class Refused extends Error {}
    const mapping = (error: unknown) =>
      error instanceof Refused
        ? new ApiProblem(409, 'conflict', 'exists', [{ path: '/_id', message: 'taken' }])
        : undefined;
    expect(toProblem(new Refused(), mapping)).toMatchObject({
      status: 409,
      error: 'conflict',
      errors: [{ path: '/_id', message: 'taken' }],
    });
    expect(toProblem(new Error('other'), mapping)).toMatchObject({ status: 500 });
  });

  it('keeps the platform code a guard gives, and derives one from the status otherwise', () => {
    expect(toProblem(new ForbiddenException({ error: 'access_denied', detail: 'level' }))).toMatchObject({
      status: 403,
      error: 'access_denied',
      detail: 'level',
    });
    expect(toProblem(new NotFoundException('Cannot GET /x'))).toMatchObject({ status: 404, error: 'not_found' });
    expect(toProblem(new PayloadTooLargeException())).toMatchObject({ status: 413, error: 'payload_too_large' });
  });

  it('passes an API problem through with its field errors', () => {
    const problem = new ApiProblem(400, 'invalid_id', 'id must be 24 hex characters', [{ path: 'id', message: 'bad' }]);
    expect(toProblem(problem)).toEqual({
      type: 'urn:telecomx:problem:invalid_id',
      title: 'Bad Request',
      status: 400,
      detail: 'id must be 24 hex characters',
      error: 'invalid_id',
      errors: [{ path: 'id', message: 'bad' }],
    });
  });

  it('answers a media type Fastify refuses by naming application/json', () => {
    // How Nest hands on Fastify's own refusal of a body that is not JSON.
    expect(toProblem(new HttpException('Unsupported Media Type', 415))).toEqual({
      type: 'urn:telecomx:problem:unsupported_media_type',
      title: 'Unsupported Media Type',
      status: 415,
      detail: 'the body must be JSON, sent with Content-Type: application/json',
      error: 'unsupported_media_type',
      errors: [{ path: 'Content-Type', message: 'must be application/json' }],
    });
  });
});
