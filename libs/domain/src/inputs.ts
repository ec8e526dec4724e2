import { Type, type Static } from '@sinclair/typebox';
import { CLOSED, DateTimeSchema, LIMITS, LongText, Nullable, ObjectIdSchema, OneOf, ShortText } from './field-schemas';
import { DEVICE_ALIASES, DEVICES, FILE_TYPES } from './support-case';

/** The request bodies as callers write them: the service validates them against these schemas. */

const DEVICE_SPELLINGS = [...DEVICES, ...Object.keys(DEVICE_ALIASES)];
const DEVICE_DESCRIPTION = `${DEVICES.join(', ')} (CHROMEMAC is read as CROMEMAC)`;

export const FileInputSchema = Type.Object(
  {
    _id: Type.Optional(ObjectIdSchema),
    id: Type.Optional(ObjectIdSchema),
    url: Type.String({ format: 'uri', pattern: '^[hH][tT][tT][pP][sS]?://', maxLength: LIMITS.url }),
    type: OneOf(FILE_TYPES),
  },
  CLOSED,
);
const FilesInputSchema = Type.Array(FileInputSchema, { maxItems: LIMITS.files });

/** A response as a caller writes it; what is left out gets a default. */
export const ResponseInputSchema = Type.Object(
  {
    answer: LongText,
    author: Type.Optional(ShortText),
    date: Type.Optional(DateTimeSchema),
    employee: Type.Optional(ObjectIdSchema),
    employeeName: Type.Optional(ShortText),
  },
  CLOSED,
);

export const CommentInputSchema = Type.Object(
  {
    _id: Type.Optional(ObjectIdSchema),
    comment: LongText,
    date: Type.Optional(DateTimeSchema),
    customer: Type.Optional(ObjectIdSchema),
    customerName: Type.Optional(ShortText),
    employee: Type.Optional(ObjectIdSchema),
    employeeName: Type.Optional(ShortText),
    isSupport: Type.Optional(Type.Boolean()),
    files: Type.Optional(FilesInputSchema),
  },
  CLOSED,
);

/** One comment added on its own: its text and files; the rest comes from the actor. */
export const AddCommentInputSchema = Type.Pick(CommentInputSchema, ['comment', 'files']);

const CaseName = Type.String({ minLength: 1, maxLength: LIMITS.shortText });

/** The documented body fields of update (and create); `null` clears an optional field. */
export const SupportCaseInputSchema = Type.Object(
  {
    _id: Type.Optional(ObjectIdSchema),
    name: Type.Optional(CaseName),
    description: Type.Optional(Nullable(LongText)),
    customer: Type.Optional(Nullable(ObjectIdSchema)),
    customerName: Type.Optional(Nullable(ShortText)),
    employee: Type.Optional(Nullable(ObjectIdSchema)),
    employeeName: Type.Optional(Nullable(ShortText)),
    solved: Type.Optional(Type.Boolean()),
    date: Type.Optional(DateTimeSchema),
    lastUpdated: Type.Optional(DateTimeSchema),
    device: Type.Optional(Nullable(OneOf(DEVICE_SPELLINGS, { description: DEVICE_DESCRIPTION }))),
    systemVersion: Type.Optional(Nullable(ShortText)),
    playMakerVersion: Type.Optional(Nullable(ShortText)),
    privateInformation: Type.Optional(Nullable(LongText)),
    response: Type.Optional(Nullable(ResponseInputSchema)),
    files: Type.Optional(Nullable(FilesInputSchema)),
    comments: Type.Optional(Type.Array(CommentInputSchema, { maxItems: LIMITS.comments })),
  },
  CLOSED,
);

/** A new case takes the same fields, and needs a name. */
export const NewSupportCaseInputSchema = Type.Object({ ...SupportCaseInputSchema.properties, name: CaseName }, CLOSED);

export type FileInput = Static<typeof FileInputSchema>;
export type ResponseInput = Static<typeof ResponseInputSchema>;
export type CommentInput = Static<typeof CommentInputSchema>;
export type SupportCaseInput = Static<typeof SupportCaseInputSchema>;

/** Body fields the decider has a rule of its own for; an update replaces any other field wholesale. */
const FIELDS_WITH_OWN_RULES = ['_id', 'solved', 'date', 'lastUpdated', 'response', 'comments'] as const;

export type ReplaceableField = Exclude<keyof SupportCaseInput, (typeof FIELDS_WITH_OWN_RULES)[number]>;

function isReplaceable(field: string): field is ReplaceableField {
  return !(FIELDS_WITH_OWN_RULES as readonly string[]).includes(field);
}

/** Fields an update replaces wholesale; `null` clears the optional ones. */
export const REPLACEABLE_FIELDS: readonly ReplaceableField[] = Object.keys(SupportCaseInputSchema.properties).filter(
  isReplaceable,
);
