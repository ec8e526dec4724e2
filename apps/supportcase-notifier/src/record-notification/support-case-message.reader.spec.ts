import { SUPPORT_CASE_CLOUD_EVENT_TYPES as TYPES } from '@lib/contracts';
import {
  SupportCaseMessages,
  type SupportCaseKafkaMessage,
} from '../../../../test/notifier/support/support-case-messages';
import { readSupportCaseMessage, type ReceivedMessage } from './support-case-message.reader';

/** As @nestjs/microservices hands a message over with keepBinary: text headers, the value in bytes. */
const received = ({ headers, value }: SupportCaseKafkaMessage): ReceivedMessage => ({
  headers,
  value: Buffer.from(value),
});

const rejectionOf = (message: ReceivedMessage) => {
  const read = readSupportCaseMessage(message);
  return 'rejection' in read ? read.rejection : undefined;
};

describe('readSupportCaseMessage', () => {
  const messages = new SupportCaseMessages();

  it('reads a valid message with its ce_id, ce_type and payload', () => {
    const message = messages.responded('Restart the box');

    expect(readSupportCaseMessage(received(message))).toEqual({
      event: { id: message.headers.ce_id, type: TYPES.SupportCaseResponded, message: JSON.parse(message.value) },
    });
  });

  it('accepts a JSON content type with parameters', () => {
    const message = messages.solved();

    expect(
      rejectionOf({
        ...received(message),
        headers: { ...message.headers, 'content-type': 'application/json; charset=utf-8' },
      }),
    ).toBeUndefined();
  });

  it.each(['ce_specversion', 'ce_id', 'ce_type', 'ce_source', 'ce_subject', 'ce_time', 'content-type'])(
    'refuses a message without header %s',
    (header) => {
      const { [header]: _left, ...headers } = messages.solved().headers;

      expect(rejectionOf({ headers, value: Buffer.from('{}') })).toBe(`missing header ${header}`);
    },
  );

  it('refuses a message without headers, naming each', () => {
    expect(rejectionOf({ value: Buffer.from('{}') })).toBe(
      'missing header ce_specversion, ce_id, ce_type, ce_source, ce_subject, ce_time, content-type',
    );
  });

  it.each([
    ['ce_specversion', '0.3', 'ce_specversion must be 1.0, got "0.3"'],
    [
      'ce_type',
      'dk.telecomx.iptv.supportcase.archived.v1',
      'unknown ce_type "dk.telecomx.iptv.supportcase.archived.v1"',
    ],
    ['content-type', 'application/avro', 'content-type must be application/json, got "application/avro"'],
  ])('refuses %s %j', (header, value, reason) => {
    const message = messages.solved();

    expect(rejectionOf({ ...received(message), headers: { ...message.headers, [header]: value } })).toBe(reason);
  });

  it('refuses a message without a value', () => {
    expect(rejectionOf({ ...received(messages.solved()), value: null })).toBe('the value is missing');
  });

  it('refuses a value that is not JSON without quoting it, as it may hold personal data', () => {
    const value = Buffer.from('Gertrud Gertrudsen, +45 8888 9977');

    expect(rejectionOf({ ...received(messages.solved()), value })).toBe('the value is not valid JSON');
  });

  it('refuses a value that breaks the schema of its type, with the offending paths', () => {
    const message = messages.commented('Thanks', { isSupport: true });
    const value = JSON.parse(message.value);
    delete value.case.reseller;
    value.data.comment.isSupport = 'yes';

    expect(rejectionOf({ headers: message.headers, value: Buffer.from(JSON.stringify(value)) })).toBe(
      `the value does not match the schema of ${TYPES.SupportCaseCommented}: ` +
        "value/case must have required property 'reseller', value/data/comment/isSupport must be boolean",
    );
  });

  it('refuses a payload of another type than its ce_type says', () => {
    const solved = messages.solved();
    const answer = messages.responded('Restart the box');

    expect(rejectionOf({ headers: solved.headers, value: Buffer.from(answer.value) })).toMatch(
      /^the value does not match the schema of dk\.telecomx\.iptv\.supportcase\.solved\.v1: /,
    );
  });

  it('refuses an occurredAt the schema admits but no Date can hold', () => {
    const message = messages.solved();
    const value = { ...JSON.parse(message.value), occurredAt: '2016-12-31T23:59:60Z' };

    expect(rejectionOf({ headers: message.headers, value: Buffer.from(JSON.stringify(value)) })).toBe(
      'occurredAt "2016-12-31T23:59:60Z" is not a time the notifier can order by',
    );
  });
});
