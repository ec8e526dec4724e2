import { Logger } from '@nestjs/common';
import { KafkaContext, KafkaRetriableException } from '@nestjs/microservices';
import type { Consumer, KafkaMessage, Producer } from '@nestjs/microservices/external/kafka.interface';
import {
  SupportCaseMessages,
  newId,
  type SupportCaseKafkaMessage,
} from '../../../../test/notifier/support/support-case-messages';
import type { Notification } from '../notification-store/notification';
import { NotificationStore, type NotificationPage } from '../notification-store/notification-store.port';
import { NotificationRecorder } from './notification-recorder';

class RecordingStore extends NotificationStore {
  readonly added: Notification[] = [];
  readonly removedComments: Array<{ caseId: string; commentId: string }> = [];
  readonly erasedCases: string[] = [];
  failure?: Error;

  async add(notification: Notification): Promise<void> {
    if (this.failure) throw this.failure;
    this.added.push(notification);
  }

  async removeCommentText(caseId: string, commentId: string): Promise<void> {
    if (this.failure) throw this.failure;
    this.removedComments.push({ caseId, commentId });
  }

  async eraseCase(caseId: string): Promise<void> {
    if (this.failure) throw this.failure;
    this.erasedCases.push(caseId);
  }

  async list(): Promise<NotificationPage> {
    return { total: this.added.length, notifications: this.added };
  }

  async close(): Promise<void> {}
}

function contextOf(message: SupportCaseKafkaMessage, producer: Partial<Producer>): KafkaContext {
  // Shaped as @nestjs/microservices hands it over, which is not kafkajs' declared type.
  const received = { ...message, value: Buffer.from(message.value), offset: '3' } as unknown as KafkaMessage;
  return new KafkaContext([received, 1, 'cases', {} as Consumer, async () => {}, producer as Producer]);
}

describe('NotificationRecorder', () => {
  beforeAll(() => Logger.overrideLogger(['error']));
  const messages = new SupportCaseMessages();
  let store: RecordingStore;
  let send: jest.Mock;
  let recorder: NotificationRecorder;

  beforeEach(() => {
    store = new RecordingStore();
    send = jest.fn().mockResolvedValue([]);
    recorder = new NotificationRecorder(store);
  });

  const record = (message: SupportCaseKafkaMessage) => recorder.record(contextOf(message, { send }));

  it('stores the notification of a message the customer cares about', async () => {
    const message = messages.solved();

    await record(message);

    expect(store.added).toEqual([expect.objectContaining({ id: message.headers.ce_id, kind: 'solved' })]);
    expect(send).not.toHaveBeenCalled();
  });

  it('stores nothing and sends nothing for a message the customer does not care about', async () => {
    await record(messages.updated());

    expect(store.added).toEqual([]);
    expect(send).not.toHaveBeenCalled();
  });

  it("removes a removed comment's text from the store, and adds nothing", async () => {
    const commentId = newId();

    await record(messages.commentRemoved(commentId));

    expect(store.removedComments).toEqual([{ caseId: messages.caseId, commentId }]);
    expect(store.added).toEqual([]);
  });

  it("erases an erased case's names and texts from the store, and adds nothing", async () => {
    await record(messages.erased('the customer asked (GDPR art. 17)'));

    expect(store.erasedCases).toEqual([messages.caseId]);
    expect(store.added).toEqual([]);
    expect(send).not.toHaveBeenCalled();
  });

  it("makes a failure to erase a case's names and texts a retriable failure", async () => {
    store.failure = new Error('connection terminated');

    const recording = record(messages.erased('retention'));

    await expect(recording).rejects.toBeInstanceOf(KafkaRetriableException);
    await expect(recording).rejects.toThrow("erasing the case's names and texts failed: connection terminated");
  });

  it("makes a failure to remove a comment's text a retriable failure", async () => {
    store.failure = new Error('connection terminated');

    const recording = record(messages.commentRemoved(newId()));

    await expect(recording).rejects.toBeInstanceOf(KafkaRetriableException);
    await expect(recording).rejects.toThrow("removing the comment's text failed: connection terminated");
  });

  it('sends a message that breaks the contract to the dead letter topic with the reason', async () => {
    const message = { ...messages.solved(), value: 'not json' };

    await record(message);

    expect(store.added).toEqual([]);
    expect(send).toHaveBeenCalledWith({
      topic: 'cases.dlq',
      messages: [
        {
          key: message.key,
          value: Buffer.from('not json'),
          headers: { ...message.headers, dlq_reason: expect.stringMatching(/^the value is not valid JSON/) },
        },
      ],
    });
  });

  it('makes a failing store a retriable failure, so Kafka delivers the message again', async () => {
    store.failure = new Error('connection terminated');

    const recording = record(messages.reopened());

    await expect(recording).rejects.toBeInstanceOf(KafkaRetriableException);
    await expect(recording).rejects.toThrow('storing the notification failed: connection terminated');
  });

  it('makes a failing dead letter a retriable failure, so the message is not lost', async () => {
    send.mockRejectedValue(new Error('broker not available'));

    const recording = record({ ...messages.solved(), value: '[' });

    await expect(recording).rejects.toBeInstanceOf(KafkaRetriableException);
    await expect(recording).rejects.toThrow('sending to cases.dlq failed: broker not available');
  });
});
