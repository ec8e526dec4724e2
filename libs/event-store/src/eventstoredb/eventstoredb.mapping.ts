/** Conversions between the port's values and those of `@eventstore/db-client`. */
import * as esdb from '@eventstore/db-client';
import { toJson, type CurrentRevision } from '../append-rules';
import type { EventMetadata, ExpectedRevision, LogPosition, NewEvent, RecordedEvent } from '../event-store.port';

export function toClientExpectedRevision(expected: ExpectedRevision): esdb.ExpectedRevision {
  if (expected === 'no_stream') return esdb.NO_STREAM;
  if (expected === 'any') return esdb.ANY;
  return BigInt(expected);
}

/** Older servers report a stream that does not exist as revision -1 rather than `no_stream`. */
export function toCurrentRevision(revision: esdb.CurrentRevision): CurrentRevision {
  return revision === esdb.NO_STREAM || revision < 0n ? 'no_stream' : Number(revision);
}

/** Our id stays the event's id: it is what EventStoreDB recognises a repeated append by. */
export function toEventData({ id, type, data, metadata }: NewEvent): esdb.EventData {
  // The client serialises too, but only while sending: refusing here keeps a bad batch off the wire.
  toJson(data, id);
  toJson(metadata, id);
  return esdb.jsonEvent({ id, type, data: data as esdb.JSONType, metadata });
}

export function toRecordedEvent(event: esdb.RecordedEvent): RecordedEvent {
  return {
    id: event.id,
    streamId: event.streamId,
    revision: Number(event.revision),
    position: toLogPosition(requirePosition(event)),
    type: event.type,
    data: event.data,
    // Events appended by other writers may carry no metadata.
    metadata: (event.metadata ?? {}) as EventMetadata,
    recordedAt: event.created.toISOString(),
  };
}

/** Positions are byte offsets in the server's log, far below 2^53, so numbers hold them exactly. */
export function toLogPosition({ commit, prepare }: esdb.Position): LogPosition {
  return { commit: Number(commit), prepare: Number(prepare) };
}

export function toClientPosition({ commit, prepare }: LogPosition): esdb.Position {
  return { commit: BigInt(commit), prepare: BigInt(prepare) };
}

/** EventStoreDB's own records: `$` event types ($metadata, $> links) and `$` streams ($stats-…, $settings). */
export function isSystemEvent(event: esdb.RecordedEvent): boolean {
  return event.type.startsWith('$') || event.streamId.startsWith('$');
}

function requirePosition(event: esdb.RecordedEvent): esdb.Position {
  // Servers before 22.6 leave it out of stream reads.
  if (!event.position) throw new Error(`EventStoreDB returned event ${event.id} without its log position`);
  return event.position;
}
