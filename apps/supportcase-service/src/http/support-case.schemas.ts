import { DEVICE_ALIASES, DEVICES, FILE_TYPES } from '@lib/domain';
import { Type, type Static, type TArray, type TObject, type TProperties, type TString } from '@sinclair/typebox';

/** Limits that keep one request and one document of sane size. */
export const LIMITS = {
  shortText: 200,
  longText: 20_000,
  url: 2_048,
  files: 100,
  comments: 1_000,
} as const;

const strict = { additionalProperties: false } as const;

export const ObjectId = Type.String({ pattern: '^[0-9a-fA-F]{24}$', description: '24 hex characters' });
export const DateTime = Type.String({ format: 'date-time', maxLength: 64 });
const ShortText = Type.String({ maxLength: LIMITS.shortText });
const LongText = Type.String({ maxLength: LIMITS.longText });
/**
 * The schema or null, as one type check rather than a union: a value of neither type gets one
 * error ("must be an array or null"), not one per branch of an anyOf.
 */
const Nullable = <T extends TString | TObject | TArray>(schema: T) =>
  Type.Unsafe<Static<T> | null>({ ...schema, type: [schema.type, 'null'] });

/** One of the given strings, as a single `enum` check. */
const OneOf = <T extends string>(values: readonly T[], options: { nullable?: boolean; description?: string } = {}) =>
  Type.Unsafe<T>({
    type: options.nullable ? ['string', 'null'] : 'string',
    enum: options.nullable ? [...values, null] : [...values],
    ...(options.description && { description: options.description }),
  });

const DEVICE_SPELLINGS = [...DEVICES, ...Object.keys(DEVICE_ALIASES)];
const DEVICE_DESCRIPTION = `${DEVICES.join(', ')} (CHROMEMAC is read as CROMEMAC)`;

export const FileSchema = Type.Object(
  {
    _id: Type.Optional(ObjectId),
    id: Type.Optional(ObjectId),
    url: Type.String({ format: 'uri', pattern: '^[hH][tT][tT][pP][sS]?://', maxLength: LIMITS.url }),
    type: OneOf(FILE_TYPES),
  },
  strict,
);
export const FilesSchema = Type.Array(FileSchema, { maxItems: LIMITS.files });

export const ResponseSchema = Type.Object(
  {
    answer: LongText,
    author: Type.Optional(ShortText),
    date: Type.Optional(DateTime),
    employee: Type.Optional(ObjectId),
    employeeName: Type.Optional(ShortText),
  },
  strict,
);

export const CommentSchema = Type.Object(
  {
    _id: Type.Optional(ObjectId),
    comment: LongText,
    date: Type.Optional(DateTime),
    customer: Type.Optional(ObjectId),
    customerName: Type.Optional(ShortText),
    employee: Type.Optional(ObjectId),
    employeeName: Type.Optional(ShortText),
    isSupport: Type.Optional(Type.Boolean()),
    files: Type.Optional(FilesSchema),
  },
  strict,
);

/** The documented body fields of create and update; `null` clears an optional field. */
export const supportCaseFields = {
  _id: Type.Optional(ObjectId),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: LIMITS.shortText })),
  description: Type.Optional(Nullable(LongText)),
  customer: Type.Optional(Nullable(ObjectId)),
  customerName: Type.Optional(Nullable(ShortText)),
  employee: Type.Optional(Nullable(ObjectId)),
  employeeName: Type.Optional(Nullable(ShortText)),
  solved: Type.Optional(Type.Boolean()),
  date: Type.Optional(DateTime),
  lastUpdated: Type.Optional(DateTime),
  device: Type.Optional(OneOf(DEVICE_SPELLINGS, { nullable: true, description: DEVICE_DESCRIPTION })),
  systemVersion: Type.Optional(Nullable(ShortText)),
  playMakerVersion: Type.Optional(Nullable(ShortText)),
  privateInformation: Type.Optional(Nullable(LongText)),
  response: Type.Optional(Nullable(ResponseSchema)),
  files: Type.Optional(Nullable(FilesSchema)),
  comments: Type.Optional(Type.Array(CommentSchema, { maxItems: LIMITS.comments })),
} satisfies TProperties;

const StoredFile = Type.Object({ _id: ObjectId, url: Type.String(), type: Type.String() });

/** The document object every endpoint answers with (fields the caller may not see are omitted). */
export const SupportCaseDocumentSchema = Type.Object({
  _id: ObjectId,
  name: Type.String(),
  description: Type.Optional(Type.String()),
  customer: Type.Optional(ObjectId),
  customerName: Type.Optional(Type.String()),
  employee: Type.Optional(ObjectId),
  employeeName: Type.Optional(Type.String()),
  solved: Type.Boolean(),
  date: DateTime,
  lastUpdated: DateTime,
  device: Type.Optional(Type.String()),
  systemVersion: Type.Optional(Type.String()),
  playMakerVersion: Type.Optional(Type.String()),
  privateInformation: Type.Optional(Type.String({ description: 'ADMIN and the case creator only' })),
  response: Type.Optional(
    Type.Object({
      answer: Type.String(),
      author: Type.String(),
      date: DateTime,
      employee: Type.Optional(Type.String({ description: 'ADMIN only' })),
      employeeName: Type.Optional(Type.String({ description: 'ADMIN only' })),
    }),
  ),
  files: Type.Array(StoredFile),
  comments: Type.Array(
    Type.Object({
      _id: ObjectId,
      comment: Type.String(),
      date: DateTime,
      customer: Type.Optional(ObjectId),
      customerName: Type.Optional(Type.String()),
      employee: Type.Optional(ObjectId),
      employeeName: Type.Optional(Type.String()),
      isSupport: Type.Boolean(),
      files: Type.Array(StoredFile),
    }),
  ),
});
