import type { SupportCaseEventType } from './events';

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
  },
  // The actor who caused the event: its ids route, its names are personal.
  metadata: ['actor.employeeName', 'actor.customerName'],
};
