import { randomUUID } from 'node:crypto';
import {
  DomainError,
  EVENT_SCHEMA_VERSION,
  type Actor,
  type SupportCaseCommand,
  type SupportCaseEvent,
  type SupportCaseState,
} from '@lib/domain';
import { PreconditionFailed, type RunStep } from '@lib/event-store';
import type { CommandOutcome, Metrics } from '../observability/metrics';
import { IdempotencyKeyReused } from './idempotency';

type SupportCaseStep = RunStep<SupportCaseState, SupportCaseCommand, SupportCaseEvent>;

/** Who asked, under which correlation id, and the schema version: stored with every event of the command. */
export function withMetadata(actor: Actor, correlationId: string): SupportCaseStep {
  return (next) => (request) =>
    next({
      ...request,
      metadata: {
        ...request.metadata,
        schemaVersion: EVENT_SCHEMA_VERSION,
        actor,
        correlationId,
        causationId: randomUUID(),
      },
    });
}

/** Counts each command by its outcome, and each event appended by its type. */
export function countedIn(metrics: Metrics): SupportCaseStep {
  return (next) => async (request) => {
    const command = request.command.type;
    try {
      const result = await next(request);
      metrics.commands.inc({ command, outcome: result.appended.length > 0 ? 'appended' : 'unchanged' });
      for (const event of result.appended) metrics.eventsAppended.inc({ type: event.type });
      return result;
    } catch (error) {
      metrics.commands.inc({ command, outcome: outcomeOf(error) });
      throw error;
    }
  };
}

function outcomeOf(error: unknown): CommandOutcome {
  if (error instanceof DomainError || error instanceof IdempotencyKeyReused) return 'refused';
  return error instanceof PreconditionFailed ? 'precondition_failed' : 'failed';
}
