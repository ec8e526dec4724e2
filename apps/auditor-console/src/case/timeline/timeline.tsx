import type { HistoryEvent, SupportCase } from '../../http/support-case';
import { ProblemMessage } from '../../http/problem-message';
import { countOf } from '../case-fields';
import { changesBetween, type FieldChange } from './revision-changes';
import { TimelineEvent } from './timeline-event';
import { useRevisions } from './use-revisions';

/** The service back-dates an erasure into every revision; this event's row shows it as the change it was. */
const ERASED = 'SupportCaseErased';

interface Props {
  id: string;
  events: readonly HistoryEvent[];
  onShowRevision: (revision: number) => void;
}

/** Every event of the case, oldest first, each with what it changed. */
export function Timeline({ id, events, onShowRevision }: Props) {
  const { byRevision, error } = useRevisions(id, events);
  const changesOf = (event: HistoryEvent, index: number): FieldChange[] | undefined => {
    const after = byRevision.get(event.revision);
    const before = index === 0 ? undefined : byRevision.get(events[index - 1].revision);
    if (!after || (index > 0 && !before)) return undefined;
    return changesBetween(event.type === ERASED ? withoutErasure(before) : before, after);
  };

  return (
    <section class="timeline" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Timeline</h2>
      <p class="hint">
        {countOf(events.length, 'event')}, oldest first; each shows the fields it changed, from the case as it stood
        before and after it.
      </p>
      {error ? (
        <ProblemMessage error={error} />
      ) : (
        byRevision.size < events.length && (
          <p class="loading" role="status">
            Reading revisions: {byRevision.size} of {events.length}…
          </p>
        )
      )}
      <ol class="events">
        {events.map((event, index) => (
          <TimelineEvent
            key={event.revision}
            event={event}
            changes={changesOf(event, index)}
            onShow={() => onShowRevision(event.revision)}
          />
        ))}
      </ol>
    </section>
  );
}

function withoutErasure(supportCase: SupportCase | undefined): SupportCase | undefined {
  if (!supportCase) return undefined;
  const { erased: _erased, ...rest } = supportCase;
  return rest;
}
