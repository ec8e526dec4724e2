import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  DomainError,
  EVENT_SCHEMA_VERSION,
  fold,
  streamIdOf,
  timedEventOf,
  type SupportCase,
  type SupportCaseEvent,
  type SupportCaseState,
  type DecisionContext,
} from '@lib/domain';
import { DuplicateEventIdError, EventStore, WrongExpectedRevisionError, type RecordedEvent } from '@lib/event-store';
import { ApiProblem, preconditionFailed } from '@lib/http';
import { ifMatchHolds, type IfMatch } from '../http/etag';
import { Metrics, type CommandOutcome } from '../observability/metrics';
import { earlierAnswer, eventIdOf, type Idempotency } from './idempotency';
import { newObjectId } from './object-id';
import { PerKeyQueue } from './per-key-queue';
import { RecentCases, type LoadedCase } from './recent-cases';
import type { RequestContext } from './request-context';

export interface DecidedCase {
  readonly supportCase: SupportCase;
  readonly revision: number;
  /** Whether the decision stored events; an unchanged case is answered as it stands. */
  readonly appended?: boolean;
}

export interface DecideOptions {
  /** The caller's If-Match; a case that does not meet it is a 412, and a revision it names is not retried. */
  readonly ifMatch?: IfMatch;
  /** The caller's Idempotency-Key: a request already answered is answered again, not applied twice. */
  readonly idempotency?: Idempotency;
}

/** A domain decision, given the case as it stands and who decides when. */
export type Decision = (state: SupportCaseState, context: DecisionContext) => SupportCaseEvent[];

/** Without If-Match a concurrent append from another process is retried this many times. */
const MAX_ATTEMPTS = 10;
const RETRY_JITTER_MS = 5;

const stillConflicting = () =>
  new ApiProblem(409, 'conflict', 'the case kept changing under concurrent writers; send the request again');

@Injectable()
export class SupportCaseRepository {
  private readonly queue = new PerKeyQueue();
  private readonly recent = new RecentCases();

  constructor(
    private readonly store: EventStore,
    private readonly metrics: Metrics,
  ) {}

  /** The case as its stream stands: the remembered fold, brought up to date with what came since. */
  async load(caseId: string): Promise<LoadedCase> {
    const known = this.recent.get(caseId) ?? { state: null, revision: 'no_stream' };
    const fromRevision = known.revision === 'no_stream' ? 0 : known.revision + 1;
    const recorded = await this.store.readStream(streamIdOf(caseId), { fromRevision });
    if (recorded.length === 0) return known;
    const loaded = {
      state: fold(recorded.map(timedEventOf), known.state),
      revision: recorded[recorded.length - 1].revision,
    };
    this.recent.remember(caseId, loaded);
    return loaded;
  }

  async history(caseId: string): Promise<RecordedEvent[]> {
    return this.store.readStream(streamIdOf(caseId));
  }

  /**
   * Load, decide, append with the expected revision. A decision that yields no events
   * appends nothing. Answers the case as decided, so callers always see their own write.
   */
  async decide(
    command: string,
    caseId: string,
    decision: Decision,
    context: RequestContext,
    options: DecideOptions = {},
  ): Promise<DecidedCase> {
    try {
      const decided = await this.queue.run(caseId, () => this.decideWithRetry(caseId, decision, context, options));
      this.metrics.commands.inc({ command, outcome: decided.appended ? 'appended' : 'unchanged' });
      return decided;
    } catch (error) {
      this.metrics.commands.inc({ command, outcome: outcomeOf(error) });
      throw error;
    }
  }

  private async decideWithRetry(
    caseId: string,
    decision: Decision,
    context: RequestContext,
    { ifMatch, idempotency }: DecideOptions,
  ): Promise<DecidedCase> {
    const now = new Date().toISOString();
    const decisionContext: DecisionContext = { actor: context.actor, now, newId: newObjectId };
    for (let attempt = 1; ; attempt++) {
      const answered = idempotency && (await this.earlierAnswer(caseId, context, idempotency));
      if (answered) return answered;
      const { state, revision } = await this.load(caseId);
      // Decide first: a missing case, or one the caller may not see, answers 404 whatever If-Match
      // says (RFC 9110 §13.2.1), so If-Match cannot reveal that a foreign case exists.
      const events = decision(state, decisionContext);
      if (ifMatch !== undefined && !ifMatchHolds(ifMatch, revision)) throw preconditionFailed();
      if (events.length === 0) return existing(state, revision);
      try {
        const appended = await this.append(caseId, events, revision, context, now, idempotency);
        const supportCase = foldNew(state, events, now);
        this.recent.remember(caseId, { state: supportCase, revision: appended });
        return { supportCase, revision: appended, appended: true };
      } catch (error) {
        // The same request, stored meanwhile by another attempt: the next pass answers it.
        const sameRequestStored = error instanceof DuplicateEventIdError && idempotency !== undefined;
        if (!(error instanceof WrongExpectedRevisionError) && !sameRequestStored) throw error;
        // The revisions If-Match named are gone; `*` still holds on the case as it now stands.
        if (ifMatch !== undefined && ifMatch !== '*' && !sameRequestStored) throw preconditionFailed();
        if (attempt === MAX_ATTEMPTS) throw stillConflicting();
        // A random pause, so writers in step with each other fall out of step.
        await sleep(Math.random() * RETRY_JITTER_MS * attempt);
      }
    }
  }

  private async earlierAnswer(
    caseId: string,
    context: RequestContext,
    idempotency: Idempotency,
  ): Promise<DecidedCase | undefined> {
    return earlierAnswer(await this.history(caseId), context.actor, idempotency, Date.now());
  }

  private async append(
    caseId: string,
    events: SupportCaseEvent[],
    expected: number | 'no_stream',
    context: RequestContext,
    now: string,
    idempotency: Idempotency | undefined,
  ): Promise<number> {
    const metadata = {
      schemaVersion: EVENT_SCHEMA_VERSION,
      occurredAt: now,
      actor: context.actor,
      correlationId: context.correlationId,
      causationId: randomUUID(),
      ...(idempotency && { idempotency }),
    };
    const idOf = (index: number) =>
      idempotency ? eventIdOf(context.actor, idempotency.key, caseId, expected, index) : randomUUID();
    const result = await this.store.appendToStream(
      streamIdOf(caseId),
      events.map((event, index) => ({ id: idOf(index), type: event.type, data: event.data, metadata })),
      expected,
    );
    for (const event of events) this.metrics.eventsAppended.inc({ type: event.type });
    return result.nextRevision;
  }
}

function foldNew(state: SupportCaseState, events: SupportCaseEvent[], now: string): SupportCase {
  return fold(
    events.map((event) => ({ event, occurredAt: now })),
    state,
  ) as SupportCase;
}

function outcomeOf(error: unknown): CommandOutcome {
  if (error instanceof DomainError) return 'refused';
  return error instanceof ApiProblem && error.code === 'precondition_failed' ? 'precondition_failed' : 'failed';
}

function existing(state: SupportCaseState, revision: number | 'no_stream'): DecidedCase {
  if (state === null || revision === 'no_stream') throw new Error('a decision on a missing case yielded no events');
  return { supportCase: state, revision };
}
