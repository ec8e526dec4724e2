import { Injectable } from '@nestjs/common';
import { Command } from '@nestjs/cqrs';
import {
  streamIdOf,
  supportCaseDecider,
  type SupportCase,
  type SupportCaseCommand,
  type SupportCaseEvent,
  type SupportCaseState,
} from '@lib/domain';
import {
  CommandRunner,
  EventStore,
  oneAtATimePerStream,
  PerKeyQueue,
  retryOnConcurrency,
  type RunResult,
  type StreamRevision,
} from '@lib/event-store';
import { EventSealing } from '@lib/personal-data';
import type { RequestContext } from '../caller/request-context';
import { Metrics } from '../observability/metrics';
import { SupportCaseStreams } from '../streams/support-case-streams';
import { appliedOnce, type Idempotency } from './idempotency';
import { newObjectId } from './object-id';
import { countedIn, withMetadata } from './write-steps';

/** What a write request's headers ask of it. */
export interface WriteOptions {
  /** The caller's If-Match: the command applies only at a revision it accepts. */
  readonly precondition?: (revision: StreamRevision) => boolean;
  /** The caller's Idempotency-Key: a request already answered is answered again, not applied twice. */
  readonly idempotency?: Idempotency;
}

/** One write on one case, as a use case hands it over. */
export interface CaseWrite {
  readonly caseId: string;
  readonly caller: RequestContext;
  readonly options: WriteOptions;
}

/** A case as a write left it: callers always see their own write. */
export interface WrittenCase {
  readonly supportCase: SupportCase;
  readonly revision: number;
}

/** The command of a write on an existing case, as its controller sends it. */
export abstract class CaseWriteCommand<Input> extends Command<WrittenCase> implements CaseWrite {
  constructor(
    readonly caseId: string,
    readonly input: Input,
    readonly caller: RequestContext,
    readonly options: WriteOptions = {},
  ) {
    super();
  }
}

/** A command as a use case states it; the writer adds who decides, when, and where new ids come from. */
export type CaseDecision = {
  [T in SupportCaseCommand['type']]: Omit<Extract<SupportCaseCommand, { type: T }>, 'context'>;
}[SupportCaseCommand['type']];

/**
 * Every write on a case: the command runner over the case's stream, in steps. Commands on one
 * case run one at a time, a concurrent append elsewhere is retried, a keyed request is applied
 * once, and every event carries who asked and why.
 */
@Injectable()
export class SupportCaseWriter {
  private readonly queue = new PerKeyQueue();
  private readonly runner: CommandRunner<SupportCaseState, SupportCaseCommand, SupportCaseEvent>;

  constructor(
    store: EventStore,
    private readonly streams: SupportCaseStreams,
    private readonly metrics: Metrics,
    sealing: EventSealing,
  ) {
    this.runner = new CommandRunner(store, supportCaseDecider, streams.folder, sealing.seal);
  }

  async write({ caseId, caller, options }: CaseWrite, decision: CaseDecision): Promise<WrittenCase> {
    const { actor, correlationId } = caller;
    const command = { ...decision, context: { actor, now: new Date().toISOString(), newId: newObjectId } };
    const run = this.runner.with(
      countedIn(this.metrics),
      oneAtATimePerStream(this.queue),
      retryOnConcurrency(),
      ...(options.idempotency
        ? [appliedOnce(this.streams.opened, this.streams.folder, actor, options.idempotency)]
        : []),
      withMetadata(actor, correlationId),
    );
    const streamId = streamIdOf(caseId);
    return writtenCase(
      await run({ streamId, command: command as SupportCaseCommand, precondition: options.precondition }),
    );
  }
}

function writtenCase({ state, revision }: RunResult<SupportCaseState, SupportCaseEvent>): WrittenCase {
  // Every decision on a missing case is refused or creates it.
  if (state === null || revision === 'no_stream') throw new Error('a write left no case');
  return { supportCase: state, revision };
}
