import type { Notification } from './notification';

export interface NotificationQuery {
  readonly customer: string;
  /** Only notifications this reseller may see: of cases it owns or about itself as the customer. */
  readonly visibleToReseller?: string;
  readonly offset: number;
  readonly limit: number;
}

export interface NotificationPage {
  /** All matches, regardless of offset and limit. */
  readonly total: number;
  /** Newest `occurredAt` first. */
  readonly notifications: Notification[];
}

/** Where notifications are kept. Adding one whose id is there already changes nothing. */
export abstract class NotificationStore {
  abstract add(notification: Notification): Promise<void>;
  /** Takes the text of comment `commentId` of case `caseId` out of the notifications carrying it. */
  abstract removeCommentText(caseId: string, commentId: string): Promise<void>;
  /** Takes every name and text of case `caseId` out of its notifications, from the store's files too. */
  abstract eraseCase(caseId: string): Promise<void>;
  abstract list(query: NotificationQuery): Promise<NotificationPage>;
  abstract close(): Promise<void>;
}
