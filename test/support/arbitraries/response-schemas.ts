import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { SupportCaseDocumentSchema } from '@lib/domain';

/** A copy of a schema in which no object may hold a property it does not declare. */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (schema === null || typeof schema !== 'object') return schema;
  const copy = Object.fromEntries(Object.entries(schema).map(([key, item]) => [key, closed(item)]));
  return 'properties' in copy ? { ...copy, additionalProperties: false } : copy;
}

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv, ['date-time']);

const document = closed(JSON.parse(JSON.stringify(SupportCaseDocumentSchema)));

/** The documents the API answers with, exactly as documented: nothing more, dates RFC 3339. */
export const validDocument: ValidateFunction = ajv.compile(document as object);

export const validPage: ValidateFunction = ajv.compile({
  type: 'object',
  required: ['offset', 'limit', 'total', 'supportCases'],
  additionalProperties: false,
  properties: {
    offset: { type: 'integer', minimum: 0 },
    limit: { type: 'integer', minimum: 1, maximum: 500 },
    total: { type: 'integer', minimum: 0 },
    supportCases: { type: 'array', maxItems: 500, items: document },
  },
});

export const validHistory: ValidateFunction = ajv.compile({
  type: 'object',
  required: ['_id', 'events'],
  additionalProperties: false,
  properties: {
    _id: { type: 'string', pattern: '^[0-9a-f]{24}$' },
    events: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['revision', 'type', 'date', 'actor', 'correlationId', 'data', 'hash', 'previousHash'],
        additionalProperties: false,
        properties: {
          revision: { type: 'integer', minimum: 0 },
          type: { type: 'string', pattern: '^SupportCase[A-Za-z]+$' },
          date: { type: 'string', format: 'date-time' },
          actor: { type: 'object' },
          correlationId: { type: 'string' },
          data: { type: 'object' },
          hash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
          previousHash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
        },
      },
    },
  },
});

/** Whether `data` is valid (without narrowing its type, as a validate function's guard would). */
export const matches = (validate: ValidateFunction, data: unknown): boolean => validate(data) === true;

/** Ajv's errors as one line, for a failure message. */
export const errorsOf = (validate: ValidateFunction): string => ajv.errorsText(validate.errors);
