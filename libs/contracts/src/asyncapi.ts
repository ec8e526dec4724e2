/**
 * The AsyncAPI 3.0 document of the topics the service publishes, built from the contract's own
 * schemas and names: what a downstream team generates a consumer from.
 */
import {
  ALL_SUPPORT_CASE_CLOUD_EVENT_TYPES,
  CLOUD_EVENT_HEADERS as CE,
  CLOUD_EVENTS_SPEC_VERSION,
  JSON_CONTENT_TYPE,
  SUPPORT_CASE_EVENT_SOURCE,
  type SupportCaseCloudEventType,
} from './cloud-events';
import { supportCaseMessageSchemaV1 } from './support-case-message.v1';
import { DEAD_LETTER_REASON_HEADER, deadLetterTopicOf, SUPPORT_CASE_EVENTS_TOPIC } from './topics';
import {
  AUDIT_EVENT_SOURCE,
  AUDIT_TREE_HEADS_TOPIC,
  SignedTreeHeadV1Schema,
  TREE_HEAD_CLOUD_EVENT_TYPE,
} from './tree-head.v1';

type Json = Record<string, unknown>;

/** `dk.telecomx.iptv.supportcase.comment-edited.v1` → `comment-edited`. */
const shortName = (type: string): string => type.split('.').at(-2) as string;

const ref = (pointer: string) => ({ $ref: `#/${pointer}` });

/** The CloudEvents attributes as Kafka headers (binary mode), `ce_type` fixed to the message's type. */
function cloudEventHeaders(type: string, source: string, subject: string, extra: Json = {}): Json {
  return {
    type: 'object',
    required: [CE.specVersion, CE.id, CE.type, CE.source, CE.subject, CE.time, CE.contentType],
    properties: {
      [CE.specVersion]: { type: 'string', const: CLOUD_EVENTS_SPEC_VERSION },
      [CE.id]: { type: 'string', description: 'The same event sent twice has the same id: de-duplicate on it' },
      [CE.type]: { type: 'string', const: type },
      [CE.source]: { type: 'string', const: source },
      [CE.subject]: { type: 'string', description: subject },
      [CE.time]: { type: 'string', format: 'date-time', description: 'When the change was made' },
      [CE.contentType]: { type: 'string', const: JSON_CONTENT_TYPE },
      ...extra,
    },
  };
}

function caseEventMessage(type: SupportCaseCloudEventType, deadLetter: boolean): Json {
  const name = shortName(type);
  const reason = { [DEAD_LETTER_REASON_HEADER]: { type: 'string', description: 'Why the consumer could not read it' } };
  return {
    name: type,
    title: deadLetter ? `${name}, dead-lettered` : name,
    contentType: JSON_CONTENT_TYPE,
    headers: cloudEventHeaders(type, SUPPORT_CASE_EVENT_SOURCE, 'The case id', deadLetter ? reason : {}),
    payload: ref(`components/schemas/${name}`),
    correlationId: { location: `$message.header#/${CE.id}` },
    bindings: { kafka: { key: { type: 'string', pattern: '^[0-9a-f]{24}$', description: 'The case id' } } },
  };
}

function messagesOf(deadLetter: boolean): Record<string, Json> {
  return Object.fromEntries(
    ALL_SUPPORT_CASE_CLOUD_EVENT_TYPES.map((type) => [
      `${shortName(type)}${deadLetter ? 'DeadLettered' : ''}`,
      caseEventMessage(type, deadLetter),
    ]),
  );
}

const channelMessageRefs = (channel: string, messages: Record<string, Json>) =>
  Object.keys(messages).map((name) => ref(`channels/${channel}/messages/${name}`));

export function supportCaseAsyncApiDocument(): Json {
  const events = messagesOf(false);
  const deadLetters = messagesOf(true);
  const treeHeadSigned = {
    name: TREE_HEAD_CLOUD_EVENT_TYPE,
    title: 'tree-head-signed',
    contentType: JSON_CONTENT_TYPE,
    headers: cloudEventHeaders(TREE_HEAD_CLOUD_EVENT_TYPE, AUDIT_EVENT_SOURCE, "The head's tree size"),
    payload: ref('components/schemas/signedTreeHead'),
    bindings: { kafka: { key: { type: 'string', const: 'tree-head' } } },
  };
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Support case events',
      version: '1',
      description:
        'What the support case service publishes to Kafka. Delivery is at least once: de-duplicate on ' +
        '`ce_id`. Order holds per case (the key), and each message carries its revision. Names and texts ' +
        'are personal data: on `erased`, delete what you kept of the case.',
    },
    defaultContentType: JSON_CONTENT_TYPE,
    channels: {
      supportCaseEvents: {
        address: SUPPORT_CASE_EVENTS_TOPIC,
        description: 'One message per stored support case event, keyed by the case id.',
        messages: events,
      },
      supportCaseDeadLetters: {
        address: deadLetterTopicOf(SUPPORT_CASE_EVENTS_TOPIC),
        description: `A message of ${SUPPORT_CASE_EVENTS_TOPIC} that a consumer could not read, as it came, with the reason.`,
        messages: deadLetters,
      },
      auditTreeHeads: {
        address: AUDIT_TREE_HEADS_TOPIC,
        description: "Each signed head of the service's Merkle log of event hashes (AUDIT.md), in order.",
        messages: { treeHeadSigned },
      },
    },
    operations: {
      publishSupportCaseEvents: {
        action: 'send',
        channel: ref('channels/supportCaseEvents'),
        summary: 'The relay publishes each stored event once it is durable.',
        messages: channelMessageRefs('supportCaseEvents', events),
      },
      deadLetterSupportCaseEvents: {
        action: 'send',
        channel: ref('channels/supportCaseDeadLetters'),
        summary: 'A consumer (the notifier) sets aside a message it cannot read.',
        messages: channelMessageRefs('supportCaseDeadLetters', deadLetters),
      },
      publishTreeHeads: {
        action: 'send',
        channel: ref('channels/auditTreeHeads'),
        summary: 'The sealer publishes each head it signs.',
        messages: [ref('channels/auditTreeHeads/messages/treeHeadSigned')],
      },
    },
    components: {
      schemas: {
        ...Object.fromEntries(
          ALL_SUPPORT_CASE_CLOUD_EVENT_TYPES.map((type) => [shortName(type), supportCaseMessageSchemaV1(type)]),
        ),
        signedTreeHead: SignedTreeHeadV1Schema,
      },
    },
  };
}
