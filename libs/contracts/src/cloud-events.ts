/**
 * CloudEvents Kafka protocol binding, binary content mode: the event's attributes travel as
 * `ce_`-prefixed headers, the data as the message value.
 */
export const CLOUD_EVENT_HEADERS = {
  specVersion: 'ce_specversion',
  id: 'ce_id',
  type: 'ce_type',
  source: 'ce_source',
  subject: 'ce_subject',
  time: 'ce_time',
  contentType: 'content-type',
} as const;

export const CLOUD_EVENTS_SPEC_VERSION = '1.0';
export const SUPPORT_CASE_EVENT_SOURCE = '/iptv/supportcase';
export const JSON_CONTENT_TYPE = 'application/json';

/** One CloudEvent type per stored event type, versioned with the payload's schema. */
export const SUPPORT_CASE_CLOUD_EVENT_TYPES = {
  SupportCaseCreated: 'dk.telecomx.iptv.supportcase.created.v1',
  SupportCaseUpdated: 'dk.telecomx.iptv.supportcase.updated.v1',
  SupportCaseSolved: 'dk.telecomx.iptv.supportcase.solved.v1',
  SupportCaseReopened: 'dk.telecomx.iptv.supportcase.reopened.v1',
  SupportCaseResponded: 'dk.telecomx.iptv.supportcase.responded.v1',
  SupportCaseCommented: 'dk.telecomx.iptv.supportcase.commented.v1',
  SupportCaseCommentEdited: 'dk.telecomx.iptv.supportcase.comment-edited.v1',
  SupportCaseCommentRemoved: 'dk.telecomx.iptv.supportcase.comment-removed.v1',
  SupportCaseErased: 'dk.telecomx.iptv.supportcase.erased.v1',
} as const;

export type SupportCaseCloudEventType =
  (typeof SUPPORT_CASE_CLOUD_EVENT_TYPES)[keyof typeof SUPPORT_CASE_CLOUD_EVENT_TYPES];

export const ALL_SUPPORT_CASE_CLOUD_EVENT_TYPES: readonly SupportCaseCloudEventType[] =
  Object.values(SUPPORT_CASE_CLOUD_EVENT_TYPES);

export function isSupportCaseCloudEventType(value: unknown): value is SupportCaseCloudEventType {
  return (ALL_SUPPORT_CASE_CLOUD_EVENT_TYPES as readonly unknown[]).includes(value);
}
