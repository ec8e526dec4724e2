import { caseNotFound } from './errors';
import type { SupportCaseErased } from './events';
import type { SupportCaseState } from './support-case';

export interface EraseSupportCase {
  /** Why, for the history: the request's ground, never personal data. */
  reason: string;
}

/** Erases a case's personal data once: a second erasure changes nothing and answers the first one's result. */
export function decideErase(state: SupportCaseState, command: EraseSupportCase): SupportCaseErased[] {
  if (state === null) throw caseNotFound();
  if (state.erased) return [];
  return [{ type: 'SupportCaseErased', data: { reason: command.reason } }];
}
