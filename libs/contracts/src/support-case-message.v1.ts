/**
 * The public payload of every support case message, version 1: a contract with downstream
 * services, kept apart from the stored events. It never carries `privateInformation`, nor the
 * employee behind a response.
 */
import { SUPPORT_CASE_CLOUD_EVENT_TYPES as TYPES, type SupportCaseCloudEventType } from './cloud-events';

export interface FileV1 {
  _id: string;
  url: string;
  type: 'IMAGE' | 'DOC';
}

export interface CommentV1 {
  _id: string;
  comment: string;
  date: string;
  customer?: string;
  customerName?: string;
  employee?: string;
  employeeName?: string;
  isSupport: boolean;
  files: FileV1[];
}

export interface ResponseV1 {
  answer: string;
  author: string;
  date: string;
}

export interface SupportCaseV1 {
  _id: string;
  name: string;
  description?: string;
  customer?: string;
  customerName?: string;
  employee?: string;
  employeeName?: string;
  solved: boolean;
  date: string;
  lastUpdated: string;
  device?: string;
  systemVersion?: string;
  playMakerVersion?: string;
  response?: ResponseV1;
  files: FileV1[];
  comments: CommentV1[];
}

/** What changed in an update; `null` means cleared. */
export interface ChangesV1 {
  name?: string;
  description?: string | null;
  customer?: string | null;
  customerName?: string | null;
  employee?: string | null;
  employeeName?: string | null;
  device?: string | null;
  systemVersion?: string | null;
  playMakerVersion?: string | null;
  files?: FileV1[];
  response?: null;
}

export interface SupportCaseDataV1 {
  [TYPES.SupportCaseCreated]: { supportCase: SupportCaseV1 };
  [TYPES.SupportCaseUpdated]: { changes: ChangesV1 };
  [TYPES.SupportCaseSolved]: Record<string, never>;
  [TYPES.SupportCaseReopened]: Record<string, never>;
  [TYPES.SupportCaseResponded]: { response: ResponseV1 };
  [TYPES.SupportCaseCommented]: { comment: CommentV1 };
  [TYPES.SupportCaseCommentEdited]: { commentId: string; comment?: string; files?: FileV1[] };
  [TYPES.SupportCaseCommentRemoved]: { commentId: string };
}

export interface SupportCaseMessageV1<T extends SupportCaseCloudEventType = SupportCaseCloudEventType> {
  caseId: string;
  /** The event's revision in its case's stream, from 0: per case, messages arrive in this order. */
  revision: number;
  occurredAt: string;
  /** The case after this event, as much as routing a notification needs. */
  case: { name: string; customer?: string; reseller: string; solved: boolean };
  data: SupportCaseDataV1[T];
}

const id = { type: 'string', pattern: '^[0-9a-f]{24}$' } as const;
const text = { type: 'string' } as const;
const dateTime = { type: 'string', format: 'date-time' } as const;
const nullableText = { type: ['string', 'null'] } as const;
const nullableId = { type: ['string', 'null'], pattern: '^[0-9a-f]{24}$' } as const;

function object(properties: Record<string, object>, required: string[] = []) {
  return { type: 'object', additionalProperties: false, properties, required } as const;
}

const file = object({ _id: id, url: text, type: { enum: ['IMAGE', 'DOC'] } }, ['_id', 'url', 'type']);
const files = { type: 'array', items: file } as const;
const response = object({ answer: text, author: text, date: dateTime }, ['answer', 'author', 'date']);
const comment = object(
  {
    _id: id,
    comment: text,
    date: dateTime,
    customer: id,
    customerName: text,
    employee: id,
    employeeName: text,
    isSupport: { type: 'boolean' },
    files,
  },
  ['_id', 'comment', 'date', 'isSupport', 'files'],
);
const supportCase = object(
  {
    _id: id,
    name: text,
    description: text,
    customer: id,
    customerName: text,
    employee: id,
    employeeName: text,
    solved: { type: 'boolean' },
    date: dateTime,
    lastUpdated: dateTime,
    device: text,
    systemVersion: text,
    playMakerVersion: text,
    response,
    files,
    comments: { type: 'array', items: comment },
  },
  ['_id', 'name', 'solved', 'date', 'lastUpdated', 'files', 'comments'],
);
const changes = object({
  name: text,
  description: nullableText,
  customer: nullableId,
  customerName: nullableText,
  employee: nullableId,
  employeeName: nullableText,
  device: nullableText,
  systemVersion: nullableText,
  playMakerVersion: nullableText,
  files,
  response: { type: 'null' },
});

const DATA_SCHEMAS: Record<SupportCaseCloudEventType, object> = {
  [TYPES.SupportCaseCreated]: object({ supportCase }, ['supportCase']),
  [TYPES.SupportCaseUpdated]: object({ changes }, ['changes']),
  [TYPES.SupportCaseSolved]: object({}),
  [TYPES.SupportCaseReopened]: object({}),
  [TYPES.SupportCaseResponded]: object({ response }, ['response']),
  [TYPES.SupportCaseCommented]: object({ comment }, ['comment']),
  [TYPES.SupportCaseCommentEdited]: object({ commentId: id, comment: text, files }, ['commentId']),
  [TYPES.SupportCaseCommentRemoved]: object({ commentId: id }, ['commentId']),
};

/** The JSON Schema (draft 2020-12 compatible) of a message value of one CloudEvent type. */
export function supportCaseMessageSchemaV1(type: SupportCaseCloudEventType): object {
  return {
    $id: `urn:telecomx:schema:${type}`,
    ...object(
      {
        caseId: id,
        revision: { type: 'integer', minimum: 0 },
        occurredAt: dateTime,
        case: object({ name: text, customer: id, reseller: id, solved: { type: 'boolean' } }, [
          'name',
          'reseller',
          'solved',
        ]),
        data: DATA_SCHEMAS[type],
      },
      ['caseId', 'revision', 'occurredAt', 'case', 'data'],
    ),
  };
}
