import {
  EVENT_SCHEMA_VERSION,
  type StoredSupportCaseEvent,
  type SupportCaseCommented,
  type SupportCaseCreated,
  type SupportCaseErased,
  type SupportCaseEventBody,
  type SupportCaseSolved,
} from '../events';
import type { SupportCase } from '../support-case';
import { NOW, admin, openCase } from './fixtures';

/** The builders of support case events every spec uses, whatever the layer under test. */

/** The fixture case opened; the overrides replace its fields (its id, owner, date, comments…). */
export const caseCreated = (overrides: Partial<Omit<SupportCase, 'lastUpdated'>> = {}): SupportCaseCreated => ({
  type: 'SupportCaseCreated',
  data: { supportCase: openCase(overrides) },
});

/** A comment by the admin fixture, as support. */
export const caseCommented = (commentId: string, comment: string): SupportCaseCommented => ({
  type: 'SupportCaseCommented',
  data: {
    comment: {
      _id: commentId,
      comment,
      date: NOW,
      customer: admin.customer,
      customerName: admin.customerName,
      employee: admin.employee,
      employeeName: admin.employeeName,
      isSupport: true,
      files: [],
    },
  },
});

export const caseSolved = (): SupportCaseSolved => ({ type: 'SupportCaseSolved', data: {} });

export const caseErased = (reason = 'GDPR art. 17'): SupportCaseErased => ({
  type: 'SupportCaseErased',
  data: { reason },
});

/** An event as the service stores it: with the schema version, the time of its command, its actor and request. */
export const storedEvent = (event: SupportCaseEventBody, occurredAt = NOW): StoredSupportCaseEvent => ({
  type: event.type,
  data: event.data,
  metadata: {
    schemaVersion: EVENT_SCHEMA_VERSION,
    occurredAt,
    actor: admin,
    correlationId: `request-at-${occurredAt}`,
  },
});
