import { randomBytes, randomUUID } from 'node:crypto';
import {
  EVENT_SCHEMA_VERSION,
  streamIdOf,
  supportCaseDecider,
  type Actor,
  type DecisionContext,
  type SupportCaseCommand,
  type SupportCase,
  type SupportCaseEvent,
  type SupportCaseInput,
  type SupportCaseState,
} from '@lib/domain';
import { GENESIS_HASH, linked, type NewEvent } from '@lib/event-store';
import type { EventSealing } from '@lib/personal-data';
import { prose } from './payloads';

/** The support employee behind the bench's tokens and generated events. */
export const BENCH_ADMIN: Actor = {
  employee: '65f1c0de00000000000000e1',
  employeeName: 'Ada Admin',
  customer: '65f1c0de00000000000000c1',
  customerName: 'PlayMaker',
  accessLevel: 'ADMIN',
};

export function newCaseId(): string {
  return randomBytes(12).toString('hex');
}

const FIRST_EVENT_AT = Date.parse('2025-01-06T08:00:00.000Z');
const STEP_MS = 60_000;
/** Few comments, so a case's document keeps one size however long its history grows. */
const MAX_COMMENTS = 3;

/**
 * The first `length` events of a case's life, decided by the domain itself: opened by support,
 * then described anew, answered, solved and reopened, commented on, its app version updated.
 * They are sealed and linked in the case's hash chain, as the service stores what it appends.
 */
export async function caseHistory(caseId: string, length: number, sealing: EventSealing): Promise<NewEvent[]> {
  const events: NewEvent[] = [];
  let state: SupportCaseState = null;
  for (let step = 0; events.length < length; step++) {
    const context = decisionContextAt(FIRST_EVENT_AT + step * STEP_MS);
    for (const event of decideStep(state, caseId, step, context)) {
      state = supportCaseDecider.evolve(state, event);
      events.push(toNewEvent(event, context));
    }
  }
  const streamId = streamIdOf(caseId);
  return linked(streamId, await sealing.seal(streamId, events.slice(0, length)), 0, GENESIS_HASH);
}

function decideStep(
  state: SupportCaseState,
  caseId: string,
  step: number,
  context: DecisionContext,
): SupportCaseEvent[] {
  const command: SupportCaseCommand =
    state === null
      ? { type: 'CreateSupportCase', data: { id: caseId, input: openingOf(caseId) }, context }
      : { type: 'UpdateSupportCase', data: { id: caseId, input: changeAt(step, state) }, context };
  return supportCaseDecider.decide(command, state);
}

function openingOf(caseId: string): SupportCaseInput & { name: string } {
  return {
    name: `Billedet fryser paa kanal 4 (${caseId.slice(-6)})`,
    description: prose(600),
    customer: newCaseId(),
    customerName: 'Hansen Boligforening ApS',
    device: 'APPLETV',
    systemVersion: 'tvOS 17.4.1',
    playMakerVersion: '5.12.0',
    privateInformation: 'Adgangskode til routeren: se kundekortet',
    files: [{ url: `https://image.telecomx.dk/support/${caseId}.jpeg`, type: 'IMAGE' }],
  };
}

/** One change per step, each deciding exactly one event. */
function changeAt(step: number, state: SupportCase): SupportCaseInput {
  switch (step % 5) {
    case 1:
      return { description: `Opdateret ${step}: ${prose(500)}` };
    case 2:
      return { response: { answer: `Svar ${step}: ${prose(300)}` } };
    case 3:
      return { solved: !state.solved };
    case 4:
      if (state.comments.length < MAX_COMMENTS) return { comments: [{ comment: `Kommentar ${step}: ${prose(400)}` }] };
      return { systemVersion: `tvOS 17.${step}` };
    default:
      return { playMakerVersion: `5.12.${step}` };
  }
}

function decisionContextAt(time: number): DecisionContext {
  return { actor: BENCH_ADMIN, now: new Date(time).toISOString(), newId: newCaseId };
}

/** The event as the service stores it: schema version, time, actor, correlation and causation. */
function toNewEvent(event: SupportCaseEvent, context: DecisionContext): NewEvent {
  return {
    id: randomUUID(),
    type: event.type,
    data: event.data,
    metadata: {
      schemaVersion: EVENT_SCHEMA_VERSION,
      occurredAt: context.now,
      actor: context.actor,
      correlationId: randomUUID(),
      causationId: randomUUID(),
    },
  };
}
