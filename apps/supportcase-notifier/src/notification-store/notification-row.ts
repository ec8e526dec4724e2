import type { Notification } from './notification';

/** Each field of a notification and the column that keeps it; both directions of the mapping follow from it. */
const COLUMN_OF = {
  id: 'id',
  caseId: 'case_id',
  caseName: 'case_name',
  customer: 'customer',
  reseller: 'reseller',
  kind: 'kind',
  commentId: 'comment_id',
  text: 'text',
  occurredAt: 'occurred_at',
  createdAt: 'created_at',
} as const satisfies Record<keyof Notification, string>;

type ColumnOf = typeof COLUMN_OF;

/** NULL stands for a field the notification leaves out. */
type ColumnValue<FieldValue> = undefined extends FieldValue ? Exclude<FieldValue, undefined> | null : FieldValue;

/** A row of the notifications table, the times as ISO-8601 text. */
export type NotificationRow = {
  [Field in keyof Notification as ColumnOf[Field]]-?: ColumnValue<Notification[Field]>;
};

type FieldAndColumn = [keyof Notification, keyof NotificationRow];

const FIELDS_AND_COLUMNS = Object.entries(COLUMN_OF) as FieldAndColumn[];

export const NOTIFICATION_COLUMNS = FIELDS_AND_COLUMNS.map(([, column]) => column);

export function toRow(notification: Notification): NotificationRow {
  const values = FIELDS_AND_COLUMNS.map(([field, column]) => [column, notification[field] ?? null]);
  return Object.fromEntries(values) as NotificationRow;
}

export function fromRow(row: NotificationRow): Notification {
  const present = FIELDS_AND_COLUMNS.filter(([, column]) => row[column] !== null);
  return Object.fromEntries(present.map(([field, column]) => [field, row[column]])) as unknown as Notification;
}
