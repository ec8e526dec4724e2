import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiParam, ApiQuery, ApiResponse, ApiSecurity } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { TObject, TSchema } from '@sinclair/typebox';
import { OBJECT_ID_PATTERN } from '../object-id.pipe';
import { HEADERS, PROBLEM_REF, SECURITY_SCHEMES } from './openapi-components';
import { PROBLEM_MEDIA_TYPE } from './problem-schema';

/** Request and response schemas are JSON Schema already: the same object documents them. */
export function openApiSchema(schema: TSchema): SchemaObject {
  return schema as unknown as SchemaObject;
}

/** The statuses a route may answer with a problem, besides the 500 and 429 every route may. */
export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 412 | 413 | 415 | 422 | 503;

const WHEN: Record<ProblemStatus, string> = {
  400: 'A path id, query parameter, header or body field is invalid: `errors` names each one',
  401: 'No token, or one that is malformed, wrongly signed or expired',
  403: "The token's access level or features do not allow this",
  404: 'No such case',
  409: 'The change conflicts with the case as it is',
  412: 'If-Match names another revision than the current one',
  413: 'The body is larger than the limit',
  415: 'The body is not application/json',
  422: 'The Idempotency-Key was used before with another request',
  503: 'Not ready',
};

/** A problem status and, where the general one does not say it, when this route answers it. */
export type ProblemResponse = ProblemStatus | readonly [ProblemStatus, string];

/** Documents the problems (application/problem+json) a route answers. */
export function ApiProblems(...responses: ProblemResponse[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...responses.map((response) => {
      const [status, description] = typeof response === 'number' ? [response, WHEN[response]] : response;
      return ApiResponse({ status, description, content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: PROBLEM_REF } } } });
    }),
  );
}

/** A route that needs a token, in any of the three places a caller may give it. */
export function ApiTokenAuth(): MethodDecorator & ClassDecorator {
  return applyDecorators(...Object.keys(SECURITY_SCHEMES).map((name) => ApiSecurity(name)), ApiProblems(401, 403));
}

/** 200 with a case at a revision: the body, and the revision as ETag. */
export function ApiOkWithRevision(schema: TSchema): MethodDecorator {
  return ApiOkResponse({ schema: openApiSchema(schema), headers: { ETag: HEADERS.ETag } });
}

/** The headers a write takes: Idempotency-Key, and If-Match to base the change on a revision. */
export function ApiWriteHeaders(): MethodDecorator {
  return applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'Sent again with the same request, answers the first result without writing twice',
      schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,200}$' },
    }),
    ApiHeader({
      name: 'If-Match',
      required: false,
      description: 'The ETag (revision) the change is based on; another current revision answers 412',
      schema: { type: 'string' },
    }),
  );
}

/** A path parameter holding an object id: 24 hex characters, in any case. */
export function ApiObjectIdParam(name = 'id', description = 'The support case id'): MethodDecorator {
  return ApiParam({ name, description, schema: { type: 'string', pattern: OBJECT_ID_PATTERN } });
}

/** One query parameter per property of the schema that validates the query, but those left out. */
export function ApiQueryFrom(schema: TObject, leaveOut: readonly string[] = ['token']): MethodDecorator {
  const required = new Set(schema.required ?? []);
  return applyDecorators(
    ...Object.entries(schema.properties)
      .filter(([name]) => !leaveOut.includes(name))
      .map(([name, property]) =>
        ApiQuery({
          name,
          required: required.has(name) && !('default' in property),
          description: property.description,
          schema: openApiSchema(property),
        }),
      ),
  );
}
