import { createHash } from 'node:crypto';
import { fold, timedEventOf, type Actor, type SupportCase } from '@lib/domain';
import type { RecordedEvent } from '@lib/event-store';
import { ApiProblem } from '@lib/http';
import { v5 as uuidV5 } from 'uuid';

/** A caller's `Idempotency-Key` and what its request asked for. */
export interface Idempotency {
  readonly key: string;
  /** Digest of the method, path and body: the same key with another request is refused. */
  readonly fingerprint: string;
}

/** How long a key answers the first response again. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

const KEY = /^[\x21-\x7e]{1,200}$/;
const EVENT_ID_NAMESPACE = '4d1a7c5e-2f0b-4f6e-9a52-3c8d1e0b7a61';

export function idempotencyOf(
  header: string | undefined,
  request: { method: string; path: string; body: unknown },
): Idempotency | undefined {
  if (header === undefined) return undefined;
  if (!KEY.test(header)) {
    throw new ApiProblem(400, 'invalid_header', 'Idempotency-Key must be 1 to 200 visible ASCII characters', [
      { path: 'Idempotency-Key', message: 'must be 1 to 200 visible ASCII characters' },
    ]);
  }
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([request.method, request.path, request.body]))
    .digest('hex');
  return { key: header, fingerprint };
}

/** A case created with a key and no `_id` gets an id of the key's, so a retry finds it. */
export function caseIdForKey(actor: Actor, key: string): string {
  return createHash('sha256').update(`${actor.customer}:${actor.employee}:${key}`).digest('hex').slice(0, 24);
}

/**
 * Event ids derived from the key and the revision they follow: the same request stored twice
 * would carry the same ids, which the event store refuses.
 */
export function eventIdOf(actor: Actor, key: string, caseId: string, after: number | 'no_stream', index: number) {
  return uuidV5(`${actor.customer}:${actor.employee}:${key}:${caseId}:${after}:${index}`, EVENT_ID_NAMESPACE);
}

/**
 * The answer already given to this caller's key on this case, if any within the window: the
 * case as it stood after the events of that request. The same key with another request: 422.
 */
export function earlierAnswer(
  history: readonly RecordedEvent[],
  actor: Actor,
  { key, fingerprint }: Idempotency,
  now: number,
): { supportCase: SupportCase; revision: number } | undefined {
  const first = history.findIndex((event) => isKeyOf(event, actor, key));
  if (first < 0 || now - Date.parse(history[first].metadata.occurredAt as string) > IDEMPOTENCY_WINDOW_MS) {
    return undefined;
  }
  if (idempotencyIn(history[first])?.fingerprint !== fingerprint) {
    throw new ApiProblem(422, 'idempotency_key_reused', 'this Idempotency-Key was used for another request', [
      { path: 'Idempotency-Key', message: 'was used for another request' },
    ]);
  }
  const last = lastOfSameCommand(history, first);
  return {
    supportCase: fold(history.slice(0, last + 1).map(timedEventOf)) as SupportCase,
    revision: history[last].revision,
  };
}

function isKeyOf(event: RecordedEvent, actor: Actor, key: string): boolean {
  const caller = event.metadata.actor as Actor | undefined;
  return idempotencyIn(event)?.key === key && caller?.employee === actor.employee && caller.customer === actor.customer;
}

function idempotencyIn(event: RecordedEvent): Idempotency | undefined {
  return event.metadata.idempotency as Idempotency | undefined;
}

function lastOfSameCommand(history: readonly RecordedEvent[], first: number): number {
  let last = first;
  while (history[last + 1]?.metadata.causationId === history[first].metadata.causationId) last++;
  return last;
}
