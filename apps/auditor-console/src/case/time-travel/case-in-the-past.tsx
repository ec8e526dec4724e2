import { ProblemMessage } from '../../http/problem-message';
import { getCase, type CasePoint } from '../../http/endpoints';
import { useResource } from '../../http/use-resource';
import { formatTime } from '../../time';
import { CaseDocument } from '../case-document';

interface Props {
  id: string;
  point: CasePoint;
  onBackToNow: () => void;
}

export function CaseInThePast({ id, point, onBackToNow }: Props) {
  const key = 'revision' in point ? `revision ${point.revision}` : point.asOf;
  const past = useResource((signal) => getCase(id, point, signal), [id, key]);
  return (
    <>
      <div class="when">
        <p aria-live="polite">{past.state === 'loaded' ? whenOf(point, past.value.revision) : 'Reading…'}</p>
        <button type="button" class="link-button" onClick={onBackToNow}>
          Back to now
        </button>
      </div>
      {past.state === 'failed' &&
        (past.error.status === 404 && 'asOf' in point ? (
          <p class="problem" role="alert">
            The case did not exist yet at {formatTime(point.asOf)}.
          </p>
        ) : (
          <ProblemMessage error={past.error} />
        ))}
      {past.state === 'loaded' && <CaseDocument supportCase={past.value.body} />}
    </>
  );
}

/** The service's ETag names the revision the case stood at; an instant says which one that was. */
function whenOf(point: CasePoint, revision?: number): string {
  if ('revision' in point) return `As it stood at revision ${point.revision}`;
  const at = revision === undefined ? '' : `, at revision ${revision}`;
  return `As it stood on ${formatTime(point.asOf)}${at}`;
}
