import {
  withoutUndefined,
  type AttachedFile,
  type SupportCase,
  type SupportCaseChanges,
  type SupportCaseEvent,
  type SupportComment,
  type SupportResponse,
} from '@lib/domain';
import {
  CLOUD_EVENT_HEADERS as CE,
  CLOUD_EVENTS_SPEC_VERSION,
  JSON_CONTENT_TYPE,
  SUPPORT_CASE_CLOUD_EVENT_TYPES,
  SUPPORT_CASE_EVENT_SOURCE,
  type ChangesV1,
  type CommentV1,
  type FileV1,
  type ResponseV1,
  type SupportCaseMessageV1,
  type SupportCaseV1,
} from '@lib/contracts';
import type { RecordedEvent } from '@lib/event-store';

/** A stored event, and the case as that event left it. */
export interface CaseAfterEvent {
  readonly event: SupportCaseEvent;
  readonly supportCase: SupportCase;
}

export interface OutgoingMessage {
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** One stored event as its public message: CloudEvents binary mode, the v1 contract as value. */
export function toSupportCaseMessage(recorded: RecordedEvent, { event, supportCase }: CaseAfterEvent): OutgoingMessage {
  const type = SUPPORT_CASE_CLOUD_EVENT_TYPES[event.type];
  const occurredAt = recorded.metadata.occurredAt as string;
  const value: SupportCaseMessageV1 = {
    caseId: supportCase._id,
    revision: recorded.revision,
    occurredAt,
    case: withoutUndefined({
      name: supportCase.name,
      customer: supportCase.customer,
      reseller: supportCase.owner,
      solved: supportCase.solved,
    }),
    data: dataOf(event, supportCase),
  };
  return {
    key: supportCase._id,
    value: JSON.stringify(value),
    headers: {
      [CE.specVersion]: CLOUD_EVENTS_SPEC_VERSION,
      [CE.id]: recorded.id,
      [CE.type]: type,
      [CE.source]: SUPPORT_CASE_EVENT_SOURCE,
      [CE.subject]: supportCase._id,
      [CE.time]: occurredAt,
      [CE.contentType]: JSON_CONTENT_TYPE,
    },
  };
}

function dataOf(event: SupportCaseEvent, after: SupportCase): SupportCaseMessageV1['data'] {
  switch (event.type) {
    case 'SupportCaseCreated':
      return { supportCase: caseV1(after) };
    case 'SupportCaseUpdated':
      return { changes: changesV1(event.data.changes) };
    case 'SupportCaseSolved':
    case 'SupportCaseReopened':
      return {};
    case 'SupportCaseResponded':
      return { response: responseV1(event.data.response) };
    case 'SupportCaseCommented':
      return { comment: commentV1(event.data.comment) };
    case 'SupportCaseCommentEdited':
      return withoutUndefined({
        commentId: event.data.commentId,
        comment: event.data.comment,
        files: event.data.files?.map(fileV1),
      });
    case 'SupportCaseCommentRemoved':
      return { commentId: event.data.commentId };
    case 'SupportCaseErased':
      return { erased: { date: event.metadata.occurredAt, reason: event.data.reason } };
  }
}

/** The public changes, named as in caseV1: what changed of the private information is not said. */
function changesV1(changes: SupportCaseChanges): ChangesV1 {
  return withoutUndefined<ChangesV1>({
    name: changes.name,
    description: changes.description,
    customer: changes.customer,
    customerName: changes.customerName,
    employee: changes.employee,
    employeeName: changes.employeeName,
    device: changes.device,
    systemVersion: changes.systemVersion,
    playMakerVersion: changes.playMakerVersion,
    files: changes.files?.map(fileV1),
    response: changes.response,
  });
}

/**
 * The public fields of a case, named one by one and checked against the contract: a field added
 * to the case stays in the service until it is named here. Private information never goes out.
 */
function caseV1(supportCase: SupportCase): SupportCaseV1 {
  return withoutUndefined<SupportCaseV1>({
    _id: supportCase._id,
    name: supportCase.name,
    description: supportCase.description,
    customer: supportCase.customer,
    customerName: supportCase.customerName,
    employee: supportCase.employee,
    employeeName: supportCase.employeeName,
    solved: supportCase.solved,
    date: supportCase.date,
    lastUpdated: supportCase.lastUpdated,
    device: supportCase.device,
    systemVersion: supportCase.systemVersion,
    playMakerVersion: supportCase.playMakerVersion,
    response: supportCase.response && responseV1(supportCase.response),
    files: supportCase.files.map(fileV1),
    comments: supportCase.comments.map(commentV1),
  });
}

/** The employee behind a response is for administrators only. */
function responseV1({ answer, author, date }: SupportResponse): ResponseV1 {
  return withoutUndefined({ answer, author, date });
}

function commentV1(comment: SupportComment): CommentV1 {
  return withoutUndefined<CommentV1>({
    _id: comment._id,
    comment: comment.comment,
    date: comment.date,
    customer: comment.customer,
    customerName: comment.customerName,
    employee: comment.employee,
    employeeName: comment.employeeName,
    isSupport: comment.isSupport,
    files: comment.files.map(fileV1),
  });
}

function fileV1({ _id, url, type }: AttachedFile): FileV1 {
  return { _id, url, type };
}
