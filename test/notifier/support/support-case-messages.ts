import {
  CLOUD_EVENTS_SPEC_VERSION,
  CLOUD_EVENT_HEADERS,
  JSON_CONTENT_TYPE,
  SUPPORT_CASE_CLOUD_EVENT_TYPES as TYPES,
  SUPPORT_CASE_EVENT_SOURCE,
  type CommentV1,
  type SupportCaseCloudEventType,
  type SupportCaseDataV1,
  type SupportCaseMessageV1,
} from '@lib/contracts';
import { randomBytes, randomUUID } from 'node:crypto';

export const newId = (): string => randomBytes(12).toString('hex');

/** A message as it travels: CloudEvents binary mode, the JSON payload as the value. */
export interface SupportCaseKafkaMessage {
  key: string;
  value: string;
  headers: Record<string, string>;
}

export interface CaseParties {
  customer?: string;
  reseller: string;
}

/**
 * The messages of one support case as the service publishes them, each valid against the
 * public contract: revisions count up from 0 and each event happens a minute after the last.
 */
export class SupportCaseMessages {
  readonly caseId = newId();
  private revision = 0;

  constructor(
    readonly parties: CaseParties = { customer: newId(), reseller: newId() },
    readonly name = 'No picture on channel 4',
    private readonly startsAt = Date.parse('2024-05-01T10:00:00.000Z'),
  ) {}

  created(): SupportCaseKafkaMessage {
    const now = this.nextTime();
    return this.message(TYPES.SupportCaseCreated, {
      supportCase: {
        _id: this.caseId,
        name: this.name,
        ...(this.parties.customer && { customer: this.parties.customer }),
        employee: newId(),
        solved: false,
        date: now,
        lastUpdated: now,
        files: [],
        comments: [],
      },
    });
  }

  updated(): SupportCaseKafkaMessage {
    return this.message(TYPES.SupportCaseUpdated, { changes: { device: 'Apple TV 4K' } });
  }

  responded(answer: string): SupportCaseKafkaMessage {
    return this.message(TYPES.SupportCaseResponded, {
      response: { answer, author: 'PlayMaker Teamet', date: this.nextTime() },
    });
  }

  solved(): SupportCaseKafkaMessage {
    return this.message(TYPES.SupportCaseSolved, {});
  }

  reopened(): SupportCaseKafkaMessage {
    return this.message(TYPES.SupportCaseReopened, {});
  }

  commented(comment: string, { isSupport }: { isSupport: boolean }): SupportCaseKafkaMessage {
    return this.message(TYPES.SupportCaseCommented, { comment: this.comment(comment, isSupport) });
  }

  commentEdited(): SupportCaseKafkaMessage {
    return this.message(TYPES.SupportCaseCommentEdited, { commentId: newId(), comment: 'edited' });
  }

  commentRemoved(commentId: string): SupportCaseKafkaMessage {
    return this.message(TYPES.SupportCaseCommentRemoved, { commentId });
  }

  erased(reason: string): SupportCaseKafkaMessage {
    const message = this.message(TYPES.SupportCaseErased, { erased: { date: this.nextTime(), reason } });
    const { case: supportCase, ...rest } = JSON.parse(message.value) as SupportCaseMessageV1;
    const { name: _name, ...withoutName } = supportCase;
    return { ...message, value: JSON.stringify({ ...rest, case: withoutName }) };
  }

  /** The next message of the case, of any type, carrying `data`. */
  message<T extends SupportCaseCloudEventType>(type: T, data: SupportCaseDataV1[T]): SupportCaseKafkaMessage {
    const occurredAt = this.nextTime();
    const value: SupportCaseMessageV1<T> = {
      caseId: this.caseId,
      revision: this.revision++,
      occurredAt,
      case: { name: this.name, ...this.parties, solved: type === TYPES.SupportCaseSolved },
      data,
    };
    return {
      key: this.caseId,
      value: JSON.stringify(value),
      headers: {
        [CLOUD_EVENT_HEADERS.specVersion]: CLOUD_EVENTS_SPEC_VERSION,
        [CLOUD_EVENT_HEADERS.id]: randomUUID(),
        [CLOUD_EVENT_HEADERS.type]: type,
        [CLOUD_EVENT_HEADERS.source]: SUPPORT_CASE_EVENT_SOURCE,
        [CLOUD_EVENT_HEADERS.subject]: this.caseId,
        [CLOUD_EVENT_HEADERS.time]: occurredAt,
        [CLOUD_EVENT_HEADERS.contentType]: JSON_CONTENT_TYPE,
      },
    };
  }

  private comment(comment: string, isSupport: boolean): CommentV1 {
    return { _id: newId(), comment, date: this.nextTime(), isSupport, files: [] };
  }

  private nextTime(): string {
    return new Date(this.startsAt + this.revision * 60_000).toISOString();
  }
}

export const ceIdOf = (message: SupportCaseKafkaMessage): string => message.headers[CLOUD_EVENT_HEADERS.id];

/** The id of the comment a `commented` message adds. */
export const commentIdOf = (message: SupportCaseKafkaMessage): string => JSON.parse(message.value).data.comment._id;
