import { SUPPORT_CASE_STREAM_PREFIX, supportCaseStreamModel } from '@lib/domain';
import type { RecordedEvent } from '@lib/event-store';
import type { OpenedValues } from '@lib/personal-data';
import type { ProjectedCase } from './read-model.port';

/**
 * The personal values the projection reads: the events' data. It never shows who caused an
 * event, so the actor's names in the metadata are not worth opening (half the values of a log).
 */
export const PROJECTED_VALUES: OpenedValues = 'data';

/** The case id a stream holds, or undefined for streams that are not support cases. */
export function caseIdOfStream(streamId: string): string | undefined {
  return streamId.startsWith(SUPPORT_CASE_STREAM_PREFIX)
    ? streamId.slice(SUPPORT_CASE_STREAM_PREFIX.length)
    : undefined;
}

/**
 * Applies one stored event to its case's row. An event the row already reflects (revision not
 * above the row's) leaves it as it is, so re-delivery and replay are safe.
 */
export function projectEvent(current: ProjectedCase | undefined, event: RecordedEvent): ProjectedCase | undefined {
  if (caseIdOfStream(event.streamId) === undefined) return current;
  if (current !== undefined && event.revision <= current.revision) return current;
  const { evolve, eventOf } = supportCaseStreamModel;
  const state = evolve(current?.supportCase ?? null, eventOf(event));
  return state === null ? undefined : { supportCase: state, revision: event.revision };
}

/**
 * Projects a batch onto the rows it touches, read through `rowOf` once per case. Returns only
 * the rows that changed, keyed by case id.
 */
export function projectBatch(
  events: readonly RecordedEvent[],
  rowOf: (caseId: string) => ProjectedCase | undefined,
): Map<string, ProjectedCase> {
  const touched = new Map<string, ProjectedCase | undefined>();
  const changed = new Map<string, ProjectedCase>();
  for (const event of events) {
    const caseId = caseIdOfStream(event.streamId);
    if (caseId === undefined) continue;
    const current = touched.has(caseId) ? touched.get(caseId) : rowOf(caseId);
    const next = projectEvent(current, event);
    touched.set(caseId, next);
    if (next !== undefined && next !== current) changed.set(caseId, next);
  }
  return changed;
}

/** The cases these events belong to, each once. */
export function caseIdsOf(events: readonly RecordedEvent[]): string[] {
  const ids = events.map((event) => caseIdOfStream(event.streamId)).filter((id) => id !== undefined);
  return [...new Set(ids)];
}
