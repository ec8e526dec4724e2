import { Type, type Static, type TSchema } from '@sinclair/typebox';

/** The building blocks of the case's schemas: ids, times and texts, within limits. */

/** Limits that keep one request and one document of sane size. */
export const LIMITS = {
  shortText: 200,
  longText: 20_000,
  url: 2_048,
  files: 100,
  comments: 1_000,
} as const;

/** A body may hold only the fields its schema names. */
export const CLOSED = { additionalProperties: false } as const;

export const ObjectIdSchema = Type.String({ pattern: '^[0-9a-fA-F]{24}$', description: '24 hex characters' });
export const DateTimeSchema = Type.String({ format: 'date-time', maxLength: 64 });
export const ShortText = Type.String({ maxLength: LIMITS.shortText });
export const LongText = Type.String({ maxLength: LIMITS.longText });

/** One of the given strings, as a single `enum` check. */
export const OneOf = <T extends string>(values: readonly T[], options: { description?: string } = {}) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...options });

/**
 * The schema or null, as one type check rather than a union: a value of neither type gets one
 * error ("must be an array or null"), not one per branch of an anyOf.
 */
export const Nullable = <T extends TSchema>(schema: T) =>
  Type.Unsafe<Static<T> | null>({
    ...schema,
    type: [schema.type, 'null'],
    ...(schema.enum && { enum: [...schema.enum, null] }),
  });
