import type {
  HeaderObject,
  ParameterObject,
  SecuritySchemeObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

export const PROBLEM_REF = '#/components/schemas/Problem';

/** A caller gives its token in any one of three places; each is a scheme of its own. */
export const SECURITY_SCHEMES: Record<string, SecuritySchemeObject> = {
  bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Authorization: Bearer <token>' },
  'token-query': { type: 'apiKey', in: 'query', name: 'token', description: "The reference pages' `?token=`" },
  'token-cookie': { type: 'apiKey', in: 'cookie', name: 'token', description: 'A `token` cookie, as a browser sends' },
};

/** The response headers the service sends, by name. */
export const HEADER_OBJECTS: Record<string, HeaderObject> = {
  'X-Request-Id': {
    description: "The request's correlation id: the caller's X-Request-Id if valid, else a new one",
    required: true,
    schema: { type: 'string' },
  },
  ETag: {
    description: "The revision of the case's stream, quoted; send it back as If-Match",
    required: true,
    schema: { type: 'string', pattern: '^"\\d+"$' },
  },
  'Retry-After': {
    description: 'Seconds until the limit lets a request through again',
    required: true,
    schema: { type: 'integer', minimum: 0 },
  },
};

/** References to the headers, for a response's `headers`. */
export const HEADERS = Object.fromEntries(
  Object.keys(HEADER_OBJECTS).map((name) => [name, { $ref: `#/components/headers/${name}` }]),
) as Record<keyof typeof HEADER_OBJECTS, { $ref: string }>;

/** The request header every route takes. */
export const REQUEST_ID_PARAMETER: ParameterObject = {
  name: 'X-Request-Id',
  in: 'header',
  required: false,
  description: "Becomes the request's correlation id, carried by every event it causes (1 to 128 of `A-Za-z0-9_.:-`)",
  schema: { type: 'string', pattern: '^[\\w.:-]{1,128}$' },
};
