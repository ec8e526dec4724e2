import { PipeTransform } from '@nestjs/common';
import type { Static, TSchema } from '@sinclair/typebox';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats';
import { ApiProblem, type FieldError } from './api-problem';

const rfc3339DateTime = (fullFormats['date-time'] as { validate: (text: string) => boolean }).validate;

/**
 * An RFC 3339 date-time that also names an instant the service can store and answer in the
 * same format. RFC 3339 allows what a JavaScript Date cannot hold (a leap second, 23:59:60;
 * an offset without minutes, +01), and an offset can carry 9999-12-31 past year 9999 in UTC:
 * those are refused like any other invalid value, not failed on later (a 500).
 */
function isStorableDateTime(text: string): boolean {
  if (!rfc3339DateTime(text)) return false;
  const time = Date.parse(text);
  return !Number.isNaN(time) && /^\d{4}-/.test(new Date(time).toISOString());
}

function createAjv(forQuery: boolean): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    coerceTypes: forQuery,
    useDefaults: forQuery,
    strict: true,
    strictTypes: false,
  });
  addFormats(ajv, ['uri']);
  ajv.addFormat('date-time', { type: 'string', validate: isStorableDateTime });
  return ajv;
}

const bodyAjv = createAjv(false);
/** Query strings arrive as text: numbers are read from it, and absent parameters take their defaults. */
const queryAjv = createAjv(true);

/** Validates a request body against its schema, compiled once; any mismatch is a 400. */
export class BodyPipe<S extends TSchema> implements PipeTransform<unknown, Static<S>> {
  private readonly validate: ValidateFunction;

  constructor(schema: S) {
    this.validate = bodyAjv.compile(schema);
  }

  transform(body: unknown): Static<S> {
    if (!this.validate(body)) {
      throw new ApiProblem(
        400,
        'invalid_body',
        'the body does not match the schema',
        fieldErrors(this.validate.errors),
      );
    }
    return body as Static<S>;
  }
}

/** Validates (and types) the query string; unknown parameters are refused. */
export class QueryPipe<S extends TSchema> implements PipeTransform<unknown, Static<S>> {
  private readonly validate: ValidateFunction;

  constructor(schema: S) {
    this.validate = queryAjv.compile(schema);
  }

  transform(query: unknown): Static<S> {
    const copy = { ...(query as object) };
    const errors = this.validate(copy)
      ? []
      : fieldErrors(this.validate.errors).map((e) => ({ ...e, path: e.path.replace(/^\//, '') }));
    // Ajv reads "Infinity" (and "1e400") as an integer within any bounds: no parameter may be infinite.
    for (const [name, value] of Object.entries(copy)) {
      if (typeof value === 'number' && !Number.isFinite(value)) errors.push({ path: name, message: 'must be finite' });
    }
    if (errors.length > 0) throw new ApiProblem(400, 'invalid_query', 'the query does not match the schema', errors);
    return copy as Static<S>;
  }
}

/**
 * One error per offending path: a value of the wrong type also fails the checks after its type
 * check (an enum, say), and the type check, reported first, is the one that explains it.
 */
function fieldErrors(errors: ErrorObject[] | null | undefined): FieldError[] {
  const byPath = new Map<string, FieldError>();
  for (const error of errors ?? []) {
    const path = pathOf(error);
    if (!byPath.has(path)) byPath.set(path, { path, message: messageOf(error) });
  }
  return [...byPath.values()];
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'a boolean',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

/** Ajv's message, in words where it names types or leaves out the allowed values. */
function messageOf(error: ErrorObject): string {
  if (error.keyword === 'type') {
    const types = [(error.params as { type: string | string[] }).type].flat();
    return `must be ${types.map((type) => TYPE_NAMES[type] ?? type).join(' or ')}`;
  }
  if (error.keyword === 'enum') {
    const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
    return `must be one of ${allowed.map((value) => JSON.stringify(value)).join(', ')}`;
  }
  return error.message ?? 'is invalid';
}

/** The path of the offending value itself, also for a missing or an unknown property. */
function pathOf(error: ErrorObject): string {
  const params = error.params as { missingProperty?: string; additionalProperty?: string };
  const property = params.missingProperty ?? params.additionalProperty;
  return property === undefined ? error.instancePath : `${error.instancePath}/${property}`;
}
