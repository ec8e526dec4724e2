import { Type, type Static } from '@sinclair/typebox';
import { SupportCaseSchema, type SupportCase, type SupportResponse } from './support-case';
import type { Viewer } from './visibility';

/** The document object every endpoint answers with (fields the caller may not see are omitted). */
export const SupportCaseDocumentSchema = Type.Omit(SupportCaseSchema, ['owner']);

/** The reference's document object, holding only what this viewer is entitled to. */
export type SupportCaseDocument = Static<typeof SupportCaseDocumentSchema>;

const DOCUMENT_FIELDS = Object.keys(SupportCaseDocumentSchema.properties) as (keyof SupportCaseDocument)[];

/** The case's documented fields that hold a value, in the schema's order, less what this viewer may not see. */
export function toDocument(supportCase: SupportCase, viewer: Viewer): SupportCaseDocument {
  const hidden = mayReadPrivate(supportCase, viewer) ? undefined : 'privateInformation';
  const document: Record<string, unknown> = {};
  for (const field of DOCUMENT_FIELDS) {
    const value = supportCase[field];
    if (value === undefined || field === hidden) continue;
    document[field] = field === 'response' ? responseFor(value as SupportResponse, viewer) : value;
  }
  return document as SupportCaseDocument;
}

const isAdmin = (viewer: Viewer) => viewer.accessLevel === 'ADMIN';

/** Private information is for ADMIN and the employee that holds the case. */
function mayReadPrivate(supportCase: SupportCase, viewer: Viewer): boolean {
  return isAdmin(viewer) || viewer.employee.toLowerCase() === supportCase.employee;
}

/** The employee behind a response is for ADMIN only. */
function responseFor(response: SupportResponse, viewer: Viewer): SupportResponse {
  if (isAdmin(viewer)) return response;
  const { employee: _employee, employeeName: _employeeName, ...shown } = response;
  return shown;
}
