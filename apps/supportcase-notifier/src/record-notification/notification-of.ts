import { SUPPORT_CASE_CLOUD_EVENT_TYPES as TYPES } from '@lib/contracts';
import type { Notification, NotificationKind } from '../notification-store/notification';
import type { SupportCaseEvent } from './support-case-message.reader';

interface News {
  readonly kind: NotificationKind;
  readonly commentId?: string;
  readonly text?: string;
}

/**
 * The notification a customer gets for an event, if any: an answer, solving, reopening, or a
 * comment by support. A case without a customer has nobody to notify.
 */
export function notificationOf(event: SupportCaseEvent, recordedAt: Date): Notification | undefined {
  const news = newsFor(event);
  const { caseId, case: supportCase, occurredAt } = event.message;
  if (news === undefined || supportCase.customer === undefined) return undefined;
  return {
    id: event.id,
    caseId,
    caseName: supportCase.name,
    customer: supportCase.customer,
    reseller: supportCase.reseller,
    ...news,
    // One form for every time, so stores order by it as text and as time alike.
    occurredAt: new Date(occurredAt).toISOString(),
    createdAt: recordedAt.toISOString(),
  };
}

function newsFor(event: SupportCaseEvent): News | undefined {
  switch (event.type) {
    case TYPES.SupportCaseResponded:
      return { kind: 'answered', text: event.message.data.response.answer };
    case TYPES.SupportCaseSolved:
      return { kind: 'solved' };
    case TYPES.SupportCaseReopened:
      return { kind: 'reopened' };
    case TYPES.SupportCaseCommented: {
      const { _id: commentId, comment, isSupport } = event.message.data.comment;
      return isSupport ? { kind: 'commented', commentId, text: comment } : undefined;
    }
    default:
      return undefined;
  }
}
