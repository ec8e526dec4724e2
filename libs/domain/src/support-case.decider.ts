import { decideAddComment, decideRemoveComment, type AddComment, type RemoveComment } from './decide-comment';
import { decideCreate, type CreateSupportCase } from './decide-create';
import { decideErase, type EraseSupportCase } from './decide-erase';
import { decideUpdate, type UpdateSupportCase } from './decide-update';
import type { DecisionContext } from './decision-context';
import { DomainError } from './errors';
import { EVENT_SCHEMA_VERSION, supportCaseEventOf, type SupportCaseEvent, type SupportCaseEventBody } from './events';
import { evolve } from './evolve';
import type { SupportCaseState } from './support-case';

interface CommandOf<Type extends string, Data> {
  readonly type: Type;
  readonly data: Data;
  /** Who decides, when, and where new ids come from: never read from globals. */
  readonly context: DecisionContext;
}

export type SupportCaseCommand =
  | CommandOf<'CreateSupportCase', CreateSupportCase>
  | CommandOf<'UpdateSupportCase', UpdateSupportCase>
  | CommandOf<'AddComment', AddComment>
  | CommandOf<'RemoveComment', RemoveComment>
  | CommandOf<'EraseSupportCase', EraseSupportCase>;

export type SupportCaseCommandType = SupportCaseCommand['type'];

function decideBodies(command: SupportCaseCommand, state: SupportCaseState): SupportCaseEventBody[] {
  switch (command.type) {
    case 'CreateSupportCase':
      return decideCreate(state, command.data, command.context);
    case 'UpdateSupportCase':
      return decideUpdate(stillOpenToChanges(state), command.data, command.context);
    case 'AddComment':
      return decideAddComment(stillOpenToChanges(state), command.data, command.context);
    case 'RemoveComment':
      return decideRemoveComment(stillOpenToChanges(state), command.data);
    case 'EraseSupportCase':
      return decideErase(state, command.data);
  }
}

/** An erased case keeps its history and stays erased: it takes no new data, personal or not. */
function stillOpenToChanges(state: SupportCaseState): SupportCaseState {
  if (state?.erased) {
    throw new DomainError('conflict', `the case was erased on ${state.erased.date} and takes no more changes`);
  }
  return state;
}

/** The support case decider: every command on a case is decided here, every event applied here. */
export const supportCaseDecider = {
  initialState: null as SupportCaseState,
  /** The events a command causes on the case as it stands, stamped with the command's time. */
  decide(command: SupportCaseCommand, state: SupportCaseState): SupportCaseEvent[] {
    const metadata = { occurredAt: command.context.now };
    return decideBodies(command, state).map((body) => ({ ...body, metadata }) as SupportCaseEvent);
  },
  evolve,
};

/**
 * The version of the state `evolve` makes of a case's events, stored with each snapshot of it:
 * it follows EVENT_SCHEMA_VERSION, and the number after it is raised when `evolve` makes another
 * state of the same events, so that snapshots of the older state are not used.
 */
export const SUPPORT_CASE_STATE_VERSION = `${EVENT_SCHEMA_VERSION}.1`;

/** How a case's stored events make its state: the decider's fold, over events as a store gives them back. */
export const supportCaseStreamModel = {
  initialState: supportCaseDecider.initialState,
  evolve,
  eventOf: supportCaseEventOf,
};
