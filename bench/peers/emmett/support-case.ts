import { randomBytes } from 'node:crypto';
import { IllegalStateError, NotFoundError, type Command, type Event } from '@event-driven-io/emmett';

export type AttachedFile = { readonly _id: string; readonly url: string; readonly type: string };

export type SupportComment = {
  readonly _id: string;
  readonly comment: string;
  readonly date: string;
  readonly employee: string;
  readonly employeeName: string;
  readonly isSupport: boolean;
  readonly files: readonly AttachedFile[];
};

export type SupportResponse = { readonly answer: string; readonly author: string; readonly date: string };

/** The fields an update replaces. */
export type CaseFields = {
  readonly description?: string;
  readonly device?: string;
  readonly systemVersion?: string;
  readonly playMakerVersion?: string;
  readonly privateInformation?: string;
  readonly solved?: boolean;
};

/** The document the service answers for a case, kept whole as the state of its stream. */
export type SupportCase = CaseFields & {
  readonly _id: string;
  readonly name: string;
  readonly description: string;
  readonly customer: string;
  readonly customerName: string;
  readonly employee: string;
  readonly employeeName: string;
  readonly solved: boolean;
  readonly date: string;
  readonly lastUpdated: string;
  readonly response?: SupportResponse;
  readonly files: readonly AttachedFile[];
  readonly comments: readonly SupportComment[];
};

/** A stream without events. */
export type SupportCaseState = SupportCase | null;

export type SupportCaseOpened = Event<'SupportCaseOpened', { supportCase: SupportCase }>;
export type SupportCaseFieldsChanged = Event<'SupportCaseFieldsChanged', { fields: CaseFields; changedAt: string }>;
export type SupportCaseAnswered = Event<'SupportCaseAnswered', { response: SupportResponse }>;
export type SupportCaseCommented = Event<'SupportCaseCommented', { comment: SupportComment }>;
export type SupportCaseCommentEdited = Event<
  'SupportCaseCommentEdited',
  { commentId: string; comment: string; files: readonly AttachedFile[]; editedAt: string }
>;

export type SupportCaseEvent =
  SupportCaseOpened | SupportCaseFieldsChanged | SupportCaseAnswered | SupportCaseCommented | SupportCaseCommentEdited;

/** Who decides and when: the caller's ids and time are given, so that deciding stays pure. */
export type DecisionMetadata = { readonly now: Date; readonly employee: string; readonly employeeName: string };

export type OpenSupportCase = Command<'OpenSupportCase', { supportCase: SupportCase }, DecisionMetadata>;

/** A comment as given: who wrote it and when come from the command's metadata. */
export type NewComment = Omit<SupportComment, 'date' | 'employee' | 'employeeName'>;

export type CaseUpdate = {
  readonly caseId: string;
  readonly fields: CaseFields;
  readonly answer?: string;
  readonly comments: readonly NewComment[];
};

export type UpdateSupportCase = Command<'UpdateSupportCase', CaseUpdate, DecisionMetadata>;

export type SupportCaseCommand = OpenSupportCase | UpdateSupportCase;

export const STREAM_TYPE = 'supportCase';

export function streamNameOf(caseId: string): string {
  return `${STREAM_TYPE}-${caseId.toLowerCase()}`;
}

/** An id of the platform's form: 24 hex characters. */
export function newObjectId(): string {
  return randomBytes(12).toString('hex');
}

export const initialState = (): SupportCaseState => null;

export function decide(command: SupportCaseCommand, state: SupportCaseState): SupportCaseEvent[] {
  switch (command.type) {
    case 'OpenSupportCase':
      return open(command, state);
    case 'UpdateSupportCase':
      return update(command, state);
  }
}

function open({ data }: OpenSupportCase, state: SupportCaseState): SupportCaseEvent[] {
  if (state !== null) throw new IllegalStateError(`support case ${data.supportCase._id} is already open`);
  return [{ type: 'SupportCaseOpened', data }];
}

/** Only what differs is recorded: an update that changes nothing decides no events. */
function update({ data, metadata }: UpdateSupportCase, state: SupportCaseState): SupportCaseEvent[] {
  if (state === null) throw new NotFoundError({ id: data.caseId, type: STREAM_TYPE });
  const at = metadata.now.toISOString();
  const fields = changedFields(state, data.fields);
  const events: SupportCaseEvent[] = [];
  if (Object.keys(fields).length > 0)
    events.push({ type: 'SupportCaseFieldsChanged', data: { fields, changedAt: at } });
  if (data.answer !== undefined && data.answer !== state.response?.answer) {
    const response = { answer: data.answer, author: metadata.employeeName, date: at };
    events.push({ type: 'SupportCaseAnswered', data: { response } });
  }
  for (const comment of data.comments) events.push(commented(state, comment, metadata, at));
  return events;
}

/** As the service does: a comment whose id the case knows is edited, any other is added. */
function commented(state: SupportCase, comment: NewComment, metadata: DecisionMetadata, at: string): SupportCaseEvent {
  if (state.comments.some((known) => known._id === comment._id)) {
    const edit = { commentId: comment._id, comment: comment.comment, files: comment.files, editedAt: at };
    return { type: 'SupportCaseCommentEdited', data: edit };
  }
  const by = { employee: metadata.employee, employeeName: metadata.employeeName };
  return { type: 'SupportCaseCommented', data: { comment: { ...comment, ...by, date: at } } };
}

function changedFields(state: SupportCase, fields: CaseFields): CaseFields {
  const changed = Object.entries(fields).filter(([field, value]) => state[field as keyof CaseFields] !== value);
  return Object.fromEntries(changed) as CaseFields;
}

export function evolve(state: SupportCaseState, event: SupportCaseEvent): SupportCaseState {
  if (event.type === 'SupportCaseOpened') return event.data.supportCase;
  if (state === null) return state;
  switch (event.type) {
    case 'SupportCaseFieldsChanged':
      return { ...state, ...event.data.fields, lastUpdated: event.data.changedAt };
    case 'SupportCaseAnswered':
      return { ...state, response: event.data.response, lastUpdated: event.data.response.date };
    case 'SupportCaseCommented':
      return { ...state, comments: [...state.comments, event.data.comment], lastUpdated: event.data.comment.date };
    case 'SupportCaseCommentEdited': {
      const { commentId, comment, files, editedAt } = event.data;
      const comments = state.comments.map((known) => (known._id === commentId ? { ...known, comment, files } : known));
      return { ...state, comments, lastUpdated: editedAt };
    }
  }
}
