import { SUPPORT_CASE_CLOUD_EVENT_TYPES as TYPES } from '@lib/contracts';
import {
  SupportCaseMessages,
  commentIdOf,
  newId,
  type SupportCaseKafkaMessage,
} from '../../../../test/notifier/support/support-case-messages';
import { notificationOf } from './notification-of';
import { readSupportCaseMessage, type SupportCaseEvent } from './support-case-message.reader';

const RECORDED_AT = new Date('2024-06-01T12:00:00.000Z');

function eventOf(message: SupportCaseKafkaMessage): SupportCaseEvent {
  const read = readSupportCaseMessage({ headers: message.headers, value: Buffer.from(message.value) });
  if ('rejection' in read) throw new Error(read.rejection);
  return read.event;
}

const notificationFor = (message: SupportCaseKafkaMessage) => notificationOf(eventOf(message), RECORDED_AT);

describe('notificationOf', () => {
  const customer = newId();
  const reseller = newId();
  const messages = new SupportCaseMessages({ customer, reseller }, 'Remote does not pair');

  it('tells the customer of an answer, with its text', () => {
    const message = messages.responded('Hold the home button for 5 seconds');
    const { occurredAt } = JSON.parse(message.value);

    expect(notificationFor(message)).toEqual({
      id: message.headers.ce_id,
      caseId: messages.caseId,
      caseName: 'Remote does not pair',
      customer,
      reseller,
      kind: 'answered',
      text: 'Hold the home button for 5 seconds',
      occurredAt,
      createdAt: '2024-06-01T12:00:00.000Z',
    });
  });

  it.each([
    ['solved', () => messages.solved()],
    ['reopened', () => messages.reopened()],
  ])('tells the customer the case was %s, without text', (kind, make) => {
    const notification = notificationFor(make());

    expect(notification).toMatchObject({ kind });
    expect(notification).not.toHaveProperty('text');
  });

  it("tells the customer of a comment by support, with its text and the comment's id", () => {
    const message = messages.commented('We are on it', { isSupport: true });

    expect(notificationFor(message)).toMatchObject({
      kind: 'commented',
      commentId: commentIdOf(message),
      text: 'We are on it',
    });
  });

  it.each([
    ['a comment by the customer', () => messages.commented('Any news?', { isSupport: false })],
    ['a creation', () => messages.created()],
    ['an update', () => messages.updated()],
    ['an edited comment', () => messages.commentEdited()],
    ['a removed comment', () => messages.commentRemoved(newId())],
  ])('tells nothing of %s', (_what, make) => {
    expect(notificationFor(make())).toBeUndefined();
  });

  it('tells nobody of a case without a customer', () => {
    const withoutCustomer = new SupportCaseMessages({ reseller });

    expect(notificationFor(withoutCustomer.solved())).toBeUndefined();
  });

  it('writes occurredAt in UTC with milliseconds, whatever offset the message used', () => {
    const message = messages.message(TYPES.SupportCaseSolved, {});
    const value = { ...JSON.parse(message.value), occurredAt: '2024-05-01T12:30:00+02:00' };

    const notification = notificationFor({ ...message, value: JSON.stringify(value) });

    expect(notification?.occurredAt).toBe('2024-05-01T10:30:00.000Z');
  });
});
