import { Parser, DiagnosticSeverity } from '@asyncapi/parser';
import { supportCaseAsyncApiDocument } from './asyncapi';
import { ALL_SUPPORT_CASE_CLOUD_EVENT_TYPES } from './cloud-events';
import { supportCaseMessageSchemaV1 } from './support-case-message.v1';
import { deadLetterTopicOf, SUPPORT_CASE_EVENTS_TOPIC } from './topics';
import { AUDIT_TREE_HEADS_TOPIC, SignedTreeHeadV1Schema } from './tree-head.v1';

describe('the AsyncAPI document', () => {
  const document = supportCaseAsyncApiDocument() as any;

  it('parses and validates with @asyncapi/parser, without an error or a warning', async () => {
    const { document: parsed, diagnostics } = await new Parser().parse(JSON.stringify(document));

    expect(diagnostics.filter((diagnostic) => diagnostic.severity <= DiagnosticSeverity.Warning)).toEqual([]);
    expect(parsed?.version()).toBe('3.0.0');
    expect(
      parsed
        ?.channels()
        .all()
        .map((channel) => channel.address()),
    ).toEqual([SUPPORT_CASE_EVENTS_TOPIC, deadLetterTopicOf(SUPPORT_CASE_EVENTS_TOPIC), AUDIT_TREE_HEADS_TOPIC]);
  });

  it('has one message per CloudEvent type on the events topic and its dead letters, with the contract schema as payload', () => {
    for (const channel of ['supportCaseEvents', 'supportCaseDeadLetters']) {
      const messages = Object.values(document.channels[channel].messages) as any[];
      expect(messages.map((message) => message.name)).toEqual(ALL_SUPPORT_CASE_CLOUD_EVENT_TYPES);
      for (const message of messages) {
        const payload = message.payload.$ref.split('/').at(-1);
        expect(document.components.schemas[payload]).toEqual(supportCaseMessageSchemaV1(message.name));
        expect(message.headers.properties.ce_type.const).toBe(message.name);
      }
    }
    expect(document.components.schemas.signedTreeHead).toBe(SignedTreeHeadV1Schema);
  });

  it('names the dead-letter reason header only on dead letters', () => {
    const [event] = Object.values(document.channels.supportCaseEvents.messages) as any[];
    const [deadLetter] = Object.values(document.channels.supportCaseDeadLetters.messages) as any[];
    expect(event.headers.properties).not.toHaveProperty('dlq_reason');
    expect(deadLetter.headers.properties).toHaveProperty('dlq_reason');
  });
});
