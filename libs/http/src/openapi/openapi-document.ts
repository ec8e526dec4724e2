import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type {
  OperationObject,
  ResponseObject,
  SchemaObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { HEADER_OBJECTS, HEADERS, PROBLEM_REF, REQUEST_ID_PARAMETER, SECURITY_SCHEMES } from './openapi-components';
import { PROBLEM_MEDIA_TYPE, ProblemSchema } from './problem-schema';

const OPENAPI_JSON_PATH = '/docs/openapi.json';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

export interface OpenApiOptions {
  readonly title: string;
  readonly description: string;
  /** Whether a path is under the rate limit, so its routes may answer 429. */
  readonly rateLimited: (path: string) => boolean;
}

/**
 * The OpenAPI 3.1 document of every route, from the decorators and the same TypeBox schemas
 * that validate requests; then what every route has in common: the request id both ways, the
 * problems every route may answer, and the shared components.
 */
export function openApiDocument(app: INestApplication, options: OpenApiOptions): OpenAPIObject {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle(options.title)
    .setDescription(options.description)
    .setVersion('1')
    .addServer('/', 'This service')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation) completeOperation(operation, options.rateLimited(path));
    }
  }
  normalizeNullable(document);
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, Problem: ProblemSchema as unknown as SchemaObject },
    headers: HEADER_OBJECTS,
    securitySchemes: SECURITY_SCHEMES,
  };
  return document;
}

function completeOperation(operation: OperationObject, rateLimited: boolean): void {
  // A route without a token scheme is public, and says so.
  operation.security ??= [];
  operation.parameters = [...(operation.parameters ?? []), REQUEST_ID_PARAMETER];
  const responses = operation.responses as Record<string, ResponseObject>;
  if (rateLimited) {
    responses[429] = problemResponse('Too many requests with this token (or from this address) this minute', {
      'Retry-After': HEADERS['Retry-After'],
    });
  }
  responses[500] = problemResponse('An internal error; the problem says nothing of its cause');
  for (const response of Object.values(responses)) {
    response.headers = { ...response.headers, 'X-Request-Id': HEADERS['X-Request-Id'] };
  }
  responses[503] ??= SHUTTING_DOWN;
}

/**
 * While the service drains for a shutdown, Fastify answers a request that reaches a route on a
 * connection kept alive with this, before any hook runs: no request id, no problem document.
 */
const SHUTTING_DOWN: ResponseObject = {
  description: 'The service is shutting down and did not process the request: send it again',
  content: {
    'application/json': {
      schema: {
        type: 'object',
        properties: {
          error: { type: 'string' },
          message: { type: 'string' },
          statusCode: { type: 'integer', enum: [503] },
        },
        required: ['error', 'message', 'statusCode'],
      },
    },
  },
};

/**
 * OpenAPI 3.0's `nullable: true`, which libraries still write (the health check's schemas), as
 * OpenAPI 3.1 says it: `null` among the schema's types.
 */
function normalizeNullable(value: unknown): void {
  if (typeof value !== 'object' || value === null) return;
  const node = value as Record<string, unknown>;
  if (node.nullable === true && typeof node.type === 'string') node.type = [node.type, 'null'];
  if ('nullable' in node && typeof node.nullable === 'boolean') delete node.nullable;
  Object.values(node).forEach(normalizeNullable);
}

function problemResponse(description: string, headers: ResponseObject['headers'] = {}): ResponseObject {
  return { description, headers, content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: PROBLEM_REF } } } };
}

/** The document at /docs/openapi.json, and a page to read and try it at /docs, served from local files. */
export function serveOpenApi(app: INestApplication, document: OpenAPIObject): void {
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    raw: ['json'],
    customSiteTitle: document.info.title,
    swaggerOptions: { validatorUrl: null },
  });
}
