import type { Actor, HistoryEvent } from '../../http/support-case';
import { Time } from '../../time';
import type { FieldChange } from './revision-changes';

interface Props {
  event: HistoryEvent;
  /** Undefined while the revisions around the event are still being read. */
  changes?: readonly FieldChange[];
  onShow: () => void;
}

export function TimelineEvent({ event, changes, onShow }: Props) {
  return (
    <li class="event">
      <div class="event-header">
        <h3>
          <span class="revision">Revision {event.revision}</span> {event.type}
        </h3>
        <Time value={event.date} />
      </div>
      <dl class="event-meta">
        <div>
          <dt>Actor</dt>
          <dd>
            <ActorName actor={event.actor} />
          </dd>
        </div>
        <div>
          <dt>Correlation id</dt>
          <dd>
            <code>{event.correlationId}</code>
          </dd>
        </div>
      </dl>
      <Changes revision={event.revision} changes={changes} />
      <button type="button" class="link-button" onClick={onShow}>
        Show the case at revision {event.revision}
      </button>
    </li>
  );
}

function ActorName({ actor }: { actor: Actor }) {
  return (
    <>
      {actor.employeeName ?? <code>{actor.employee ?? 'unknown'}</code>}
      {actor.accessLevel && <span class="access-level">{actor.accessLevel}</span>}
      {actor.employeeName && actor.employee && (
        <>
          {' '}
          <code class="quiet">{actor.employee}</code>
        </>
      )}
    </>
  );
}

function Changes({ revision, changes }: { revision: number; changes?: readonly FieldChange[] }) {
  if (!changes) return <p class="loading">Reading what it changed…</p>;
  if (changes.length === 0) return <p class="empty">No field of the case changed.</p>;
  return (
    <table class="changes">
      <caption class="visually-hidden">What revision {revision} changed</caption>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Before</th>
          <th scope="col">After</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((change) => (
          <tr key={change.key}>
            <th scope="row">{change.field}</th>
            <td class="before">
              <Value text={change.before} />
            </td>
            <td class="after">
              <Value text={change.after} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Value({ text }: { text?: string }) {
  return text === undefined ? <span class="none">(none)</span> : <>{text}</>;
}
