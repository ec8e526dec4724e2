import { Type, type Static } from '@sinclair/typebox';
import { SupportCaseSchema, type SupportCase, type SupportResponse } from './support-case';
import type { Viewer } from './visibility';

/** The document object every endpoint answers with (fields the caller may not see are omitted). */
export const SupportCaseDocumentSchema = Type.Omit(SupportCaseSchema, ['owner']);

/** The reference's document object, holding only what this viewer is entitled to. */
export type SupportCaseDocument = Static<typeof SupportCaseDocumentSchema>;

const DOCUMENT_FIELDS = Object.keys(SupportCaseDocumentSchema.properties) as (keyof SupportCaseDocument)[];

/** What of a case a viewer may see: everything (ADMIN), the private information too (its employee), or neither. */
type View = 'admin' | 'private' | 'public';

function viewOf(supportCase: SupportCase, viewer: Viewer): View {
  if (isAdmin(viewer)) return 'admin';
  return viewer.employee.toLowerCase() === supportCase.employee ? 'private' : 'public';
}

/** The case's documented fields that hold a value, in the schema's order, less what this viewer may not see. */
export function toDocument(supportCase: SupportCase, viewer: Viewer): SupportCaseDocument {
  return documentIn(supportCase, viewOf(supportCase, viewer));
}

/** The JSON of each case's documents, by view, for as long as the case object lives. */
const documentJsons = new WeakMap<SupportCase, Map<View, string>>();

/**
 * `toDocument` as JSON. A case object is never changed once folded, and the read model hands out
 * the same object for a case until its next revision, so its JSON is kept with it: a case read
 * again is not serialised again (a list page serialised is twenty documents).
 */
export function documentJson(supportCase: SupportCase, viewer: Viewer): string {
  const view = viewOf(supportCase, viewer);
  let byView = documentJsons.get(supportCase);
  if (!byView) documentJsons.set(supportCase, (byView = new Map()));
  let json = byView.get(view);
  if (json === undefined) byView.set(view, (json = JSON.stringify(documentIn(supportCase, view))));
  return json;
}

function documentIn(supportCase: SupportCase, view: View): SupportCaseDocument {
  const document: Record<string, unknown> = {};
  for (const field of DOCUMENT_FIELDS) {
    const value = supportCase[field];
    if (value === undefined || (field === 'privateInformation' && view === 'public')) continue;
    document[field] = field === 'response' ? responseIn(value as SupportResponse, view) : value;
  }
  return document as SupportCaseDocument;
}

const isAdmin = (viewer: Viewer) => viewer.accessLevel === 'ADMIN';

/** Private information is for ADMIN and the employee that holds the case; the employee behind a response is for ADMIN only. */
function responseIn(response: SupportResponse, view: View): SupportResponse {
  if (view === 'admin') return response;
  const { employee: _employee, employeeName: _employeeName, ...shown } = response;
  return shown;
}
