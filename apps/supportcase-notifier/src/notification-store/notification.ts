export const NOTIFICATION_KINDS = ['answered', 'solved', 'reopened', 'commented'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** What a customer is told about its case; one per support case message, keyed by the message's ce_id. */
export interface Notification {
  readonly id: string;
  readonly caseId: string;
  /** Personal data: absent from a notification of a case erased since (PRIVACY.md). */
  readonly caseName?: string;
  readonly customer: string;
  /** The reseller owning the case. */
  readonly reseller: string;
  readonly kind: NotificationKind;
  /** The comment's id, for a comment: when the comment is removed, its text goes from the notification. */
  readonly commentId?: string;
  /** The answer or the comment, for those kinds. */
  readonly text?: string;
  /** ISO-8601 UTC, when the event happened. */
  readonly occurredAt: string;
  /** ISO-8601 UTC, when the notifier first recorded it. */
  readonly createdAt: string;
}
