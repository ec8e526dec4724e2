import { SUPPORT_CASE_CLOUD_EVENT_TYPES as TYPES, deadLetterTopicOf, type SupportCaseMessageV1 } from '@lib/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { KafkaRetriableException, type KafkaContext } from '@nestjs/microservices';
import { NotificationStore } from '../notification-store/notification-store.port';
import { deadLetterOf } from './dead-letter';
import { notificationOf } from './notification-of';
import { readSupportCaseMessage } from './support-case-message.reader';

/**
 * Turns one support case message into at most one notification, a removed comment into
 * notifications without its text, and an erased case into notifications without names or texts. A message that breaks the contract goes to the dead letter
 * topic; a failure to store or to dead-letter is retriable, so the offset is not committed and
 * Kafka delivers the message again.
 */
@Injectable()
export class NotificationRecorder {
  private readonly logger = new Logger(NotificationRecorder.name);

  constructor(private readonly store: NotificationStore) {}

  async record(context: KafkaContext): Promise<void> {
    const read = readSupportCaseMessage(context.getMessage());
    if ('rejection' in read) return this.deadLetter(context, read.rejection);
    if (read.event.type === TYPES.SupportCaseCommentRemoved) return this.removeCommentText(read.event.message);
    if (read.event.type === TYPES.SupportCaseErased) return this.eraseCase(read.event.message);
    const notification = notificationOf(read.event, new Date());
    if (notification) await retriable('storing the notification', () => this.store.add(notification));
  }

  /** What was said in a removed comment stays nowhere, notifications included. */
  private async removeCommentText({ caseId, data }: SupportCaseMessageV1<CommentRemoved>): Promise<void> {
    await retriable("removing the comment's text", () => this.store.removeCommentText(caseId, data.commentId));
  }

  /** An erased case's names and texts stay nowhere, notifications included. */
  private async eraseCase({ caseId }: SupportCaseMessageV1<Erased>): Promise<void> {
    await retriable("erasing the case's names and texts", () => this.store.eraseCase(caseId));
  }

  private async deadLetter(context: KafkaContext, reason: string): Promise<void> {
    const topic = deadLetterTopicOf(context.getTopic());
    const { offset } = context.getMessage();
    this.logger.warn(`${context.getTopic()}/${context.getPartition()}@${offset} goes to ${topic}: ${reason}`);
    const send = () => context.getProducer().send({ topic, messages: [deadLetterOf(context.getMessage(), reason)] });
    await retriable(`sending to ${topic}`, send);
  }
}

type CommentRemoved = typeof TYPES.SupportCaseCommentRemoved;
type Erased = typeof TYPES.SupportCaseErased;

/** ServerKafka hands a KafkaRetriableException back to kafkajs, which then delivers the message again. */
async function retriable(action: string, work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (error) {
    throw new KafkaRetriableException(`${action} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
