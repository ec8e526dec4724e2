import { DomainError, type DomainErrorCode } from '../errors';
import type { SupportCaseEvent } from '../events';
import { fold } from '../evolve';
import type { SupportCaseState } from '../support-case';

/** When the history in a `given` happened; later than nothing a test decides at. */
export const EARLIER = '2024-01-01T00:00:00.000Z';

export interface Refusal {
  code: DomainErrorCode;
  path?: string;
}

/** The decision is refused with this code (and JSON pointer, when one field is at fault). */
export const refused = (code: DomainErrorCode, path?: string): Refusal => ({ code, path });

/**
 * given(history).when(state => decide(state, command, context)).then(events | refused(...))
 * The history is folded into the state the decision sees.
 */
export function given(history: readonly SupportCaseEvent[] = []) {
  const state = fold(history.map((event) => ({ event, occurredAt: EARLIER })));
  return {
    when: (decide: (state: SupportCaseState) => readonly SupportCaseEvent[]) => ({
      then(expected: readonly SupportCaseEvent[] | Refusal): void {
        if (Array.isArray(expected)) {
          expect(decide(state)).toEqual(expected);
          return;
        }
        let thrown: unknown;
        try {
          decide(state);
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(DomainError);
        const { code, path } = thrown as DomainError;
        expect({ code, path }).toEqual(expected);
      },
    }),
  };
}
