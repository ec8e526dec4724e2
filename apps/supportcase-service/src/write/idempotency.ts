import { createHash } from 'node:crypto';
import type { Actor, SupportCaseCommand, SupportCaseEvent, SupportCaseState } from '@lib/domain';
import type { EventStore, RecordedEvent, RunStep, StreamFolder } from '@lib/event-store';
import { v5 as uuidV5 } from 'uuid';

/** A caller's `Idempotency-Key` and what its request asked for. */
export interface Idempotency {
  readonly key: string;
  /** Digest of the method, path and body: the same key with another request is refused. */
  readonly fingerprint: string;
}

/** How long a key answers the first response again. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

/** The caller's key was used, within its window, for a request other than this one. */
export class IdempotencyKeyReused extends Error {
  constructor() {
    super('this Idempotency-Key was used for another request');
    this.name = 'IdempotencyKeyReused';
  }
}

const EVENT_ID_NAMESPACE = '4d1a7c5e-2f0b-4f6e-9a52-3c8d1e0b7a61';

/** A case created with a key and no `_id` gets an id of the key's, so a retry finds it. */
export function caseIdForKey(actor: Actor, key: string): string {
  return createHash('sha256').update(`${actor.customer}:${actor.employee}:${key}`).digest('hex').slice(0, 24);
}

type SupportCaseStep = RunStep<SupportCaseState, SupportCaseCommand, SupportCaseEvent>;

/**
 * A keyed write is applied once. The stream is read once: a request already answered within
 * the window is answered again with the case as that request left it; otherwise the history
 * read is the state the command is decided on, and its events get ids of the key's, so the
 * same request stored twice is refused by the store.
 */
export function appliedOnce(
  store: EventStore,
  folder: StreamFolder<SupportCaseState, SupportCaseEvent>,
  actor: Actor,
  idempotency: Idempotency,
): SupportCaseStep {
  return (next) => async (request) => {
    const history = await store.readStream(request.streamId);
    const answered = earlierAnswer(history, actor, idempotency, Date.now());
    if (answered) return { ...(await folder.fromHistory(request.streamId, answered)), appended: [] };
    return next({
      ...request,
      loaded: await folder.fromHistory(request.streamId, history),
      metadata: { ...request.metadata, idempotency },
      eventIdOf: (after, index) =>
        uuidV5(
          `${actor.customer}:${actor.employee}:${idempotency.key}:${request.streamId}:${after}:${index}`,
          EVENT_ID_NAMESPACE,
        ),
    });
  };
}

/**
 * The history up to the last event of the request this key last answered, if that was within
 * the window. The same key with another request is refused.
 */
function earlierAnswer(
  history: readonly RecordedEvent[],
  actor: Actor,
  { key, fingerprint }: Idempotency,
  now: number,
): readonly RecordedEvent[] | undefined {
  const last = history.findLastIndex((event) => isKeyOf(event, actor, key));
  if (last < 0 || now - Date.parse(history[last].metadata.occurredAt as string) > IDEMPOTENCY_WINDOW_MS) {
    return undefined;
  }
  if (idempotencyIn(history[last])?.fingerprint !== fingerprint) throw new IdempotencyKeyReused();
  // Every event of a command carries its key: the last one with the key ends that command.
  return history.slice(0, last + 1);
}

function isKeyOf(event: RecordedEvent, actor: Actor, key: string): boolean {
  const caller = event.metadata.actor as Actor | undefined;
  return idempotencyIn(event)?.key === key && caller?.employee === actor.employee && caller.customer === actor.customer;
}

function idempotencyIn(event: RecordedEvent): Idempotency | undefined {
  return event.metadata.idempotency as Idempotency | undefined;
}
