import { WrongExpectedRevisionError, type ExpectedRevision, type NewEvent } from './event-store.port';

/** A stream's revision as WrongExpectedRevisionError reports it. */
export type CurrentRevision = number | 'no_stream';

export function assertSomethingToAppend(events: readonly NewEvent[]): void {
  // An empty append has no position to report.
  if (events.length === 0) throw new RangeError('appendToStream needs at least one event');
}

export function assertExpectedRevision(streamId: string, expected: ExpectedRevision, current: CurrentRevision): void {
  if (expected !== 'any' && expected !== current) {
    throw new WrongExpectedRevisionError(streamId, expected, current);
  }
}

export function firstRevisionAfter(current: CurrentRevision): number {
  return current === 'no_stream' ? 0 : current + 1;
}

/** JSON text for an event's data or metadata; refuses values JSON cannot represent, like `undefined`. */
export function toJson(value: unknown, eventId: string): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError(`event ${eventId}: data and metadata must be JSON values`);
  return json;
}
