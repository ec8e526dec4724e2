import {
  ALL_SUPPORT_CASE_CLOUD_EVENT_TYPES,
  CLOUD_EVENTS_SPEC_VERSION,
  CLOUD_EVENT_HEADERS,
  JSON_CONTENT_TYPE,
  isSupportCaseCloudEventType,
  supportCaseMessageSchemaV1,
  type SupportCaseCloudEventType,
  type SupportCaseMessageV1,
} from '@lib/contracts';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** A message that met its contract, narrowed by its CloudEvent type. */
export type SupportCaseEvent = {
  [T in SupportCaseCloudEventType]: {
    readonly id: string;
    readonly type: T;
    readonly message: SupportCaseMessageV1<T>;
  };
}[SupportCaseCloudEventType];

export type ReadResult = { readonly event: SupportCaseEvent } | { readonly rejection: string };

/**
 * A Kafka message as @nestjs/microservices hands it over with keepBinary: key and headers
 * decoded to text (or, when that text is JSON, parsed), the value as received.
 */
export interface ReceivedMessage {
  readonly key?: unknown;
  readonly headers?: Record<string, unknown>;
  readonly value: Buffer | string | null;
}

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv, ['date-time']);

const VALIDATORS = new Map<SupportCaseCloudEventType, ValidateFunction>(
  ALL_SUPPORT_CASE_CLOUD_EVENT_TYPES.map((type) => [type, ajv.compile(supportCaseMessageSchemaV1(type))]),
);

const REQUIRED_HEADERS = Object.values(CLOUD_EVENT_HEADERS);

/** Reads a support case message against the public contract, or says why it cannot. */
export function readSupportCaseMessage({ headers = {}, value }: ReceivedMessage): ReadResult {
  const missing = REQUIRED_HEADERS.filter((name) => !isText(headers[name]));
  if (missing.length > 0) return { rejection: `missing header ${missing.join(', ')}` };
  const text = headers as Record<string, string>;
  const specVersion = text[CLOUD_EVENT_HEADERS.specVersion];
  const type = text[CLOUD_EVENT_HEADERS.type];
  const contentType = text[CLOUD_EVENT_HEADERS.contentType];
  if (specVersion !== CLOUD_EVENTS_SPEC_VERSION) {
    return { rejection: `ce_specversion must be ${CLOUD_EVENTS_SPEC_VERSION}, got "${specVersion}"` };
  }
  if (!isSupportCaseCloudEventType(type)) return { rejection: `unknown ce_type "${type}"` };
  if (mediaType(contentType) !== JSON_CONTENT_TYPE) {
    return { rejection: `content-type must be ${JSON_CONTENT_TYPE}, got "${contentType}"` };
  }
  return readValue(text[CLOUD_EVENT_HEADERS.id], type, value);
}

function readValue(id: string, type: SupportCaseCloudEventType, value: Buffer | string | null): ReadResult {
  if (value === null) return { rejection: 'the value is missing' };
  let data: unknown;
  try {
    data = JSON.parse(value.toString());
  } catch {
    // The parser's message quotes the value, and the reason is logged and sent on with the dead letter.
    return { rejection: 'the value is not valid JSON' };
  }
  const validate = VALIDATORS.get(type)!;
  if (!validate(data)) {
    return {
      rejection: `the value does not match the schema of ${type}: ${ajv.errorsText(validate.errors, { dataVar: 'value' })}`,
    };
  }
  const message = data as SupportCaseMessageV1;
  // Notifications are ordered by this time, and the schema admits some (a leap second) no Date holds.
  if (Number.isNaN(Date.parse(message.occurredAt))) {
    return { rejection: `occurredAt "${message.occurredAt}" is not a time the notifier can order by` };
  }
  return { event: { id, type, message } as SupportCaseEvent };
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

/** "application/json; charset=utf-8" names the media type application/json. */
function mediaType(contentType: string): string {
  return contentType.split(';')[0].trim().toLowerCase();
}
