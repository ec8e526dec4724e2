import { DomainError, type DomainErrorCode } from '../errors';
import type { SupportCaseEvent, SupportCaseEventBody } from '../events';
import { evolve } from '../evolve';
import type { SupportCaseState } from '../support-case';

/** When the history in a `given` happened; later than nothing a test decides at. */
export const EARLIER = '2024-01-01T00:00:00.000Z';

/** An event as the decider stamps it: with the time of its command. */
export const stamped = (body: SupportCaseEventBody, occurredAt: string): SupportCaseEvent =>
  ({ ...body, metadata: { occurredAt } }) as SupportCaseEvent;

/** The state after these events, all of a command at `occurredAt`, applied onto `from`. */
export function replay(
  bodies: readonly SupportCaseEventBody[],
  occurredAt: string,
  from: SupportCaseState = null,
): SupportCaseState {
  return bodies.reduce((state, body) => evolve(state, stamped(body, occurredAt)), from);
}

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
export function given(history: readonly SupportCaseEventBody[] = []) {
  const state = replay(history, EARLIER);
  return {
    when: (decide: (state: SupportCaseState) => readonly SupportCaseEventBody[]) => ({
      then(expected: readonly SupportCaseEventBody[] | Refusal): void {
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
