import type { HistoryEvent } from '../../http/support-case';
import type { CasePoint } from '../../http/endpoints';
import { formatTime } from '../../time';

const NOW = 'now';
const INSTANT = 'instant';

interface Props {
  events: readonly HistoryEvent[];
  /** Undefined: now. */
  point?: CasePoint;
  onPick: (revision?: number) => void;
}

/** Any revision, from a list or a step at a time; from an instant, only from the list. */
export function RevisionPicker({ events, point, onPick }: Props) {
  const atInstant = point !== undefined && 'asOf' in point;
  const index = point && 'revision' in point ? events.findIndex((event) => event.revision === point.revision) : -1;
  const shown = point === undefined ? events.length : index;
  const pickIndex = (to: number) => onPick(to >= events.length ? undefined : events[to].revision);
  return (
    <div class="revision-picker">
      <div class="field">
        <label for="revision">Revision</label>
        <select
          id="revision"
          value={point === undefined ? NOW : 'revision' in point ? String(point.revision) : INSTANT}
          onChange={(event) => {
            const value = event.currentTarget.value;
            onPick(value === NOW ? undefined : Number(value));
          }}
        >
          <option value={NOW}>Now</option>
          {atInstant && (
            <option value={INSTANT} disabled>
              The instant below
            </option>
          )}
          {events.map((event) => (
            <option key={event.revision} value={String(event.revision)}>
              {event.revision} · {event.type} · {formatTime(event.date)}
            </option>
          ))}
        </select>
      </div>
      <div class="steps">
        <button type="button" class="secondary" disabled={shown <= 0} onClick={() => pickIndex(shown - 1)}>
          Earlier
        </button>
        <button
          type="button"
          class="secondary"
          disabled={shown < 0 || shown >= events.length}
          onClick={() => pickIndex(shown + 1)}
        >
          Later
        </button>
      </div>
    </div>
  );
}
