import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import {
  ALL_SUPPORT_CASE_CLOUD_EVENT_TYPES,
  SUPPORT_CASE_CLOUD_EVENT_TYPES,
  supportCaseMessageSchemaV1,
  type SupportCaseCloudEventType,
} from '@lib/contracts';
import {
  EVENT_SCHEMA_VERSION,
  streamIdOf,
  supportCaseDecider,
  supportCaseStreamModel,
  type Actor,
  type SupportCaseCommand,
  type SupportCaseState,
} from '@lib/domain';
import { CommandRunner, InMemoryEventStore, START_OF_LOG, StreamFolder, type RecordedEvent } from '@lib/event-store';
import { CaseMessages } from './case-messages';
import type { OutgoingMessage } from './support-case-message.mapper';

const CASE_ID = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const ADMIN: Actor = {
  employee: 'ad0000000000000000000001',
  customer: 'cc0000000000000000000001',
  accessLevel: 'ADMIN',
};
const SECRET = 'Gertrud, +45 8888 9977';

type Step = (state: SupportCaseState) => Pick<SupportCaseCommand, 'type' | 'data'>;

/** A case's life, decided by the domain and stored through the command runner, a minute a command. */
async function storedLife(store: InMemoryEventStore): Promise<RecordedEvent[]> {
  const firstComment = (state: SupportCaseState) => state!.comments[0]._id;
  const steps: Step[] = [
    () => ({
      type: 'CreateSupportCase',
      data: { id: CASE_ID, input: { name: 'TV', customer: 'bb0000000000000000000001', privateInformation: SECRET } },
    }),
    () => ({
      type: 'UpdateSupportCase',
      data: { id: CASE_ID, input: { description: 'no picture', privateInformation: 'new' } },
    }),
    () => ({ type: 'UpdateSupportCase', data: { id: CASE_ID, input: { privateInformation: `${SECRET}!` } } }),
    () => ({ type: 'UpdateSupportCase', data: { id: CASE_ID, input: { response: { answer: 'Restart it' } } } }),
    () => ({ type: 'AddComment', data: { comment: 'Did it help?' } }),
    (s) => ({
      type: 'UpdateSupportCase',
      data: { id: CASE_ID, input: { comments: [{ _id: firstComment(s), comment: 'Did that help?' }] } },
    }),
    (s) => ({ type: 'RemoveComment', data: { commentId: firstComment(s) } }),
    () => ({ type: 'UpdateSupportCase', data: { id: CASE_ID, input: { solved: true } } }),
    () => ({ type: 'UpdateSupportCase', data: { id: CASE_ID, input: { solved: false } } }),
  ];
  const folder = new StreamFolder(store, supportCaseStreamModel);
  const runner = new CommandRunner(store, supportCaseDecider, folder);
  let ids = 0;
  const newId = () => (++ids).toString(16).padStart(24, '0');
  for (const [minute, step] of steps.entries()) {
    const now = new Date(Date.UTC(2026, 0, 1, 12, minute)).toISOString();
    const { state } = await folder.load(streamIdOf(CASE_ID));
    const command = { ...step(state), context: { actor: ADMIN, now, newId } } as SupportCaseCommand;
    const metadata = { schemaVersion: EVENT_SCHEMA_VERSION, actor: ADMIN };
    await runner.run({ streamId: streamIdOf(CASE_ID), command, metadata });
  }
  return store.readAll({ after: START_OF_LOG, maxCount: 100 });
}

async function messagesOf(store: InMemoryEventStore, events: RecordedEvent[]): Promise<OutgoingMessage[]> {
  const caseMessages = new CaseMessages(store);
  const messages = [];
  for (const recorded of events) messages.push(await caseMessages.of(recorded));
  return messages;
}

describe('CaseMessages', () => {
  const ajv = addFormats(new Ajv({ strict: false }));
  const validators = new Map(
    ALL_SUPPORT_CASE_CLOUD_EVENT_TYPES.map((type) => [type, ajv.compile(supportCaseMessageSchemaV1(type))]),
  );
  let store: InMemoryEventStore;
  let events: RecordedEvent[];
  let messages: OutgoingMessage[];

  beforeAll(async () => {
    store = new InMemoryEventStore();
    events = await storedLife(store);
    messages = await messagesOf(store, events);
  });

  it('makes one message per stored event, of the CloudEvent type of its event type', () => {
    expect(messages.map((message) => message.headers.ce_type)).toEqual(
      events.map((event) => SUPPORT_CASE_CLOUD_EVENT_TYPES[event.type as keyof typeof SUPPORT_CASE_CLOUD_EVENT_TYPES]),
    );
    expect(new Set(messages.map((message) => message.headers.ce_type)).size).toBe(8);
  });

  it('carries the CloudEvents attributes as headers and the case id as key', () => {
    messages.forEach((message, i) => {
      expect(message.key).toBe(CASE_ID);
      expect(message.headers).toEqual({
        ce_specversion: '1.0',
        ce_id: events[i].id,
        ce_type: expect.stringMatching(/^dk\.telecomx\.iptv\.supportcase\.[a-z-]+\.v1$/),
        ce_source: '/iptv/supportcase',
        ce_subject: CASE_ID,
        ce_time: events[i].metadata.occurredAt,
        'content-type': 'application/json',
      });
    });
  });

  it('gives values valid against the v1 schema of their type', () => {
    for (const message of messages) {
      const validate = validators.get(message.headers.ce_type as SupportCaseCloudEventType)!;
      expect({
        type: message.headers.ce_type,
        valid: validate(JSON.parse(message.value)),
        errors: validate.errors,
      }).toEqual({ type: message.headers.ce_type, valid: true, errors: null });
    }
  });

  it('never carries private information nor the employee behind a response', () => {
    for (const message of messages) {
      expect(message.value).not.toContain('privateInformation');
      expect(message.value).not.toContain(SECRET);
    }
    const responded = messages.find((message) => message.headers.ce_type.endsWith('.responded.v1'))!;
    expect(Object.keys(JSON.parse(responded.value).data.response).sort()).toEqual(['answer', 'author', 'date']);
  });

  it('tells the case after the event, with its revision, for routing', () => {
    const values = messages.map((message) => JSON.parse(message.value));
    expect(values.map((value) => value.revision)).toEqual(events.map((event) => event.revision));
    expect(values[values.length - 2].case).toEqual({
      name: 'TV',
      customer: 'bb0000000000000000000001',
      reseller: ADMIN.customer,
      solved: true,
    });
    expect(values[values.length - 1].case.solved).toBe(false);
  });

  it('gives the same messages when it starts in the middle of a stream, folding what came before', async () => {
    const fromTheMiddle = await messagesOf(store, events.slice(4));
    expect(fromTheMiddle).toEqual(messages.slice(4));
  });
});
