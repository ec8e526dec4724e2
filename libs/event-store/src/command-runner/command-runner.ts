import { randomUUID } from 'node:crypto';
import {
  DuplicateEventIdError,
  EventStore,
  WrongExpectedRevisionError,
  type EventMetadata,
  type NewEvent,
} from '../event-store.port';
import { firstRevisionAfter } from '../append-rules';
import { linked } from '../hash-chain';
import type { Decider, DecidedEvent, TypedCommand } from './decider';
import type { Folded, StreamRevision } from './fold-cache';
import { ConcurrencyError, PreconditionFailed } from './run-errors';
import type { StreamFolder } from './stream-folder';

export interface RunRequest<State, Command> {
  readonly streamId: string;
  readonly command: Command;
  /** Stored with every event appended; each event's own metadata is added to it. */
  readonly metadata?: EventMetadata;
  /** Must hold of the stream's revision for the command to apply, as If-Match asks. */
  readonly precondition?: (revision: StreamRevision) => boolean;
  /** Ids of the events appended, random by default; ids derived from a request make it append once. */
  readonly eventIdOf?: (expected: StreamRevision, index: number) => string;
  /** The stream as a step has already loaded it, so it is not read twice. */
  readonly loaded?: Folded<State>;
}

export interface RunResult<State, Event> extends Folded<State> {
  /** The events this run appended: none when the command changed nothing. */
  readonly appended: readonly Event[];
}

export type Run<State, Command, Event> = (request: RunRequest<State, Command>) => Promise<RunResult<State, Event>>;

/** Wraps a run with one concern (retries, idempotency, metadata, metrics), leaving the run itself as it is. */
export type RunStep<State, Command, Event> = (next: Run<State, Command, Event>) => Run<State, Command, Event>;

/**
 * What the store keeps of a stream's new events, before they are hashed: for example their
 * personal values encrypted. By default, the events as decided.
 */
export type SealEvents = (streamId: string, events: readonly NewEvent[]) => Promise<readonly NewEvent[]>;

const keptAsDecided: SealEvents = async (_streamId, events) => events;

/**
 * Where a command becomes stored events: load the stream (from the fold cache and its tail),
 * decide, seal, and append with the expected revision. A concurrent append surfaces as a
 * ConcurrencyError, a precondition that does not hold as PreconditionFailed.
 */
export class CommandRunner<State, Command extends TypedCommand, Event extends DecidedEvent> {
  constructor(
    private readonly store: EventStore,
    private readonly decider: Decider<State, Command, Event>,
    private readonly folder: StreamFolder<State, Event>,
    private readonly seal: SealEvents = keptAsDecided,
  ) {}

  /** The run wrapped in these steps, the first outermost. */
  with(...steps: RunStep<State, Command, Event>[]): Run<State, Command, Event> {
    return steps.reduceRight<Run<State, Command, Event>>((next, step) => step(next), this.run);
  }

  readonly run: Run<State, Command, Event> = async (request) => {
    const loaded = request.loaded ?? (await this.folder.load(request.streamId));
    const { state, revision } = loaded;
    // Decide first: a refusal (a missing case answers "not found") does not depend on the precondition.
    const events = this.decider.decide(request.command, state);
    if (request.precondition && !request.precondition(revision)) {
      throw new PreconditionFailed(request.streamId, revision);
    }
    if (events.length === 0) return { ...loaded, appended: [] };
    const folded = {
      ...(await this.append(request, events, loaded)),
      state: events.reduce((next, event) => this.decider.evolve(next, event), state),
    };
    await this.folder.remember(request.streamId, folded);
    return { ...folded, appended: events };
  };

  /** Appends the events sealed and linked onto the stream's hash chain; answers the stream's new revision and chain head. */
  private async append(
    request: RunRequest<State, Command>,
    events: readonly Event[],
    { revision: expected, chainHead }: Folded<State>,
  ): Promise<{ revision: number; chainHead: string }> {
    const decided = events.map<NewEvent>((event, index) => ({
      id: request.eventIdOf?.(expected, index) ?? randomUUID(),
      type: event.type,
      data: event.data,
      metadata: { ...request.metadata, ...event.metadata },
    }));
    const stored = await this.seal(request.streamId, decided);
    const chained = linked(request.streamId, stored, firstRevisionAfter(expected), chainHead);
    try {
      const { nextRevision } = await this.store.appendToStream(request.streamId, chained, expected);
      return { revision: nextRevision, chainHead: chained[chained.length - 1].metadata.hash as string };
    } catch (error) {
      throw neutralError(error, request);
    }
  }
}

/** A lost race is retried unless the precondition rules out the revision the stream moved to. */
function neutralError(error: unknown, { streamId, precondition }: RunRequest<unknown, unknown>): unknown {
  if (error instanceof WrongExpectedRevisionError) {
    if (precondition && !precondition(error.actual)) return new PreconditionFailed(streamId, error.actual);
    return new ConcurrencyError(streamId, { cause: error });
  }
  // The same ids stored by a concurrent run of the same request: running again finds its result.
  if (error instanceof DuplicateEventIdError) return new ConcurrencyError(streamId, { cause: error });
  return error;
}
