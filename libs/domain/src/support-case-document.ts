import { withoutUndefined } from './canonical-values';
import type { SupportCase } from './support-case';
import type { Viewer } from './visibility';

/** The reference's document object, holding only what this viewer is entitled to. */
export type SupportCaseDocument = Omit<SupportCase, 'owner'>;

export function toDocument(supportCase: SupportCase, viewer: Viewer): SupportCaseDocument {
  const isAdmin = viewer.accessLevel === 'ADMIN';
  const mayReadPrivate = isAdmin || viewer.employee.toLowerCase() === supportCase.employee;
  const { response } = supportCase;
  return withoutUndefined({
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
    privateInformation: mayReadPrivate ? supportCase.privateInformation : undefined,
    response:
      response && (isAdmin ? response : { answer: response.answer, author: response.author, date: response.date }),
    files: supportCase.files,
    comments: supportCase.comments,
  });
}
