import type { SupportCaseEventType } from './events';
import type { AttachedFile, SupportCase, SupportComment, SupportResponse } from './support-case';

/**
 * Where personal data sits: every free text and every person's name. Ids, dates, flags, device
 * and versions are not personal here, because they route, filter and sort. Paths are dotted;
 * `*` stands for every element of an array.
 */
const RESPONSE = ['answer', 'author', 'employeeName'];
const FILE = ['url'];
const COMMENT = ['comment', 'customerName', 'employeeName', ...under('files.*', FILE)];
/** The fields a case's update replaces wholesale that are personal. */
const REPLACEABLE = [
  'name',
  'description',
  'privateInformation',
  'customerName',
  'employeeName',
  ...under('files.*', FILE),
];
const CASE = [...REPLACEABLE, ...under('response', RESPONSE), ...under('comments.*', COMMENT)];

function under(prefix: string, paths: readonly string[]): string[] {
  return paths.map((path) => `${prefix}.${path}`);
}

/** The personal values of support case events: in each type's data, and in every event's metadata. */
export const PERSONAL_FIELDS: {
  readonly data: { readonly [T in SupportCaseEventType]: readonly string[] };
  readonly metadata: readonly string[];
} = {
  data: {
    SupportCaseCreated: under('supportCase', CASE),
    SupportCaseUpdated: under('changes', REPLACEABLE),
    SupportCaseSolved: [],
    SupportCaseReopened: [],
    SupportCaseResponded: under('response', RESPONSE),
    SupportCaseCommented: under('comment', COMMENT),
    SupportCaseCommentEdited: ['comment', ...under('files.*', FILE)],
    SupportCaseCommentRemoved: [],
    SupportCaseErased: [],
  },
  // The actor who caused the event: its ids route, its names are personal.
  metadata: ['actor.employeeName', 'actor.customerName'],
};

/** The case with every personal value taken out: what is left once it is erased. */
export function withoutPersonalValues(supportCase: SupportCase): SupportCase {
  const {
    name: _name,
    description: _description,
    privateInformation: _privateInformation,
    customerName: _customerName,
    employeeName: _employeeName,
    response,
    files,
    comments,
    ...kept
  } = supportCase;
  return {
    ...kept,
    ...(response && { response: responseWithout(response) }),
    files: files.map(fileWithout),
    comments: comments.map(commentWithout),
  };
}

function responseWithout({ answer: _answer, author: _author, employeeName: _name, ...kept }: SupportResponse) {
  return kept;
}

function fileWithout({ url: _url, ...kept }: AttachedFile): AttachedFile {
  return kept;
}

function commentWithout({
  comment: _comment,
  customerName: _customerName,
  employeeName: _employeeName,
  files,
  ...kept
}: SupportComment): SupportComment {
  return { ...kept, files: files.map(fileWithout) };
}
