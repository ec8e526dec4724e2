/**
 * The public payload of every support case message, version 1: a contract with downstream
 * services, kept apart from the stored events. It never carries `privateInformation`, nor the
 * employee behind a response. Names and texts are personal data: a message relayed after its
 * case was erased carries none, and `erased.v1` asks each consumer to delete what it kept.
 */
import { Type, type Static, type TObject, type TSchema } from '@sinclair/typebox';
import { SUPPORT_CASE_CLOUD_EVENT_TYPES as TYPES, type SupportCaseCloudEventType } from './cloud-events';

const CLOSED = { additionalProperties: false } as const;

const Id = Type.String({ pattern: '^[0-9a-f]{24}$' });
const Text = Type.String();
const DateTime = Type.String({ format: 'date-time' });
/** A name or text: absent from a message relayed after its case was erased. */
const Personal = Type.Optional(Type.String({ description: 'personal data: absent once the case is erased' }));

/** The schema or null, as one type check. */
const Nullable = <T extends TSchema>(schema: T) =>
  Type.Unsafe<Static<T> | null>({ ...schema, type: [schema.type, 'null'] });

const FileV1Schema = Type.Object(
  { _id: Id, url: Personal, type: Type.Unsafe<'IMAGE' | 'DOC'>({ enum: ['IMAGE', 'DOC'] }) },
  CLOSED,
);
const FilesV1Schema = Type.Array(FileV1Schema);

const CommentV1Schema = Type.Object(
  {
    _id: Id,
    comment: Personal,
    date: DateTime,
    customer: Type.Optional(Id),
    customerName: Personal,
    employee: Type.Optional(Id),
    employeeName: Personal,
    isSupport: Type.Boolean(),
    files: FilesV1Schema,
  },
  CLOSED,
);

const ResponseV1Schema = Type.Object({ answer: Personal, author: Personal, date: DateTime }, CLOSED);

const SupportCaseV1Schema = Type.Object(
  {
    _id: Id,
    name: Personal,
    description: Personal,
    customer: Type.Optional(Id),
    customerName: Personal,
    employee: Type.Optional(Id),
    employeeName: Personal,
    solved: Type.Boolean(),
    date: DateTime,
    lastUpdated: DateTime,
    device: Type.Optional(Text),
    systemVersion: Type.Optional(Text),
    playMakerVersion: Type.Optional(Text),
    response: Type.Optional(ResponseV1Schema),
    files: FilesV1Schema,
    comments: Type.Array(CommentV1Schema),
  },
  CLOSED,
);

/** What changed in an update; `null` means cleared. */
const ChangesV1Schema = Type.Object(
  {
    name: Type.Optional(Text),
    description: Type.Optional(Nullable(Text)),
    customer: Type.Optional(Nullable(Id)),
    customerName: Type.Optional(Nullable(Text)),
    employee: Type.Optional(Nullable(Id)),
    employeeName: Type.Optional(Nullable(Text)),
    device: Type.Optional(Nullable(Text)),
    systemVersion: Type.Optional(Nullable(Text)),
    playMakerVersion: Type.Optional(Nullable(Text)),
    files: Type.Optional(FilesV1Schema),
    response: Type.Optional(Type.Null()),
  },
  CLOSED,
);

const DATA_SCHEMAS = {
  [TYPES.SupportCaseCreated]: Type.Object({ supportCase: SupportCaseV1Schema }, CLOSED),
  [TYPES.SupportCaseUpdated]: Type.Object({ changes: ChangesV1Schema }, CLOSED),
  [TYPES.SupportCaseSolved]: Type.Object({}, CLOSED),
  [TYPES.SupportCaseReopened]: Type.Object({}, CLOSED),
  [TYPES.SupportCaseResponded]: Type.Object({ response: ResponseV1Schema }, CLOSED),
  [TYPES.SupportCaseCommented]: Type.Object({ comment: CommentV1Schema }, CLOSED),
  [TYPES.SupportCaseCommentEdited]: Type.Object(
    { commentId: Id, comment: Type.Optional(Text), files: Type.Optional(FilesV1Schema) },
    CLOSED,
  ),
  [TYPES.SupportCaseCommentRemoved]: Type.Object({ commentId: Id }, CLOSED),
  [TYPES.SupportCaseErased]: Type.Object(
    { erased: Type.Object({ date: DateTime, reason: Text }, CLOSED) },
    { ...CLOSED, description: "the case's personal data was erased: delete every name and text kept of it" },
  ),
} satisfies Record<SupportCaseCloudEventType, TObject>;

/** What every message says besides its data. */
const EnvelopeV1Schema = Type.Object(
  {
    caseId: Id,
    // The event's revision in its case's stream, from 0: per case, messages arrive in this order.
    revision: Type.Integer({ minimum: 0 }),
    occurredAt: DateTime,
    // The case after this event, as much as routing a notification needs.
    case: Type.Object({ name: Personal, customer: Type.Optional(Id), reseller: Id, solved: Type.Boolean() }, CLOSED),
  },
  CLOSED,
);

/** The JSON Schema (draft 2020-12 compatible) of a message value of one CloudEvent type. */
export function supportCaseMessageSchemaV1(type: SupportCaseCloudEventType): TObject {
  return Type.Object(
    { ...EnvelopeV1Schema.properties, data: DATA_SCHEMAS[type] },
    { $id: `urn:telecomx:schema:${type}`, ...CLOSED },
  );
}

export type FileV1 = Static<typeof FileV1Schema>;
export type CommentV1 = Static<typeof CommentV1Schema>;
export type ResponseV1 = Static<typeof ResponseV1Schema>;
export type SupportCaseV1 = Static<typeof SupportCaseV1Schema>;
export type ChangesV1 = Static<typeof ChangesV1Schema>;
export type SupportCaseDataV1 = { [T in SupportCaseCloudEventType]: Static<(typeof DATA_SCHEMAS)[T]> };
export type SupportCaseMessageV1<T extends SupportCaseCloudEventType = SupportCaseCloudEventType> = Static<
  typeof EnvelopeV1Schema
> & { data: SupportCaseDataV1[T] };
