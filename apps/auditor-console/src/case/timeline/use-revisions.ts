import { useEffect, useState } from 'preact/hooks';
import { asApiError, type ApiError } from '../../http/api';
import { mapConcurrently } from '../../http/concurrency';
import type { HistoryEvent, SupportCase } from '../../http/support-case';
import { getCase } from '../../http/endpoints';

/** Enough to fill the timeline quickly without flooding the service (nor a token's rate limit). */
const CONCURRENT_REQUESTS = 4;

export interface Revisions {
  /** The case at each revision read so far. */
  readonly byRevision: ReadonlyMap<number, SupportCase>;
  readonly error?: ApiError;
}

/** The case as it stood at each event's revision, as the service folds it, shown as each arrives. */
export function useRevisions(id: string, events: readonly HistoryEvent[]): Revisions {
  const [revisions, setRevisions] = useState<Revisions>({ byRevision: new Map() });
  useEffect(() => {
    const controller = new AbortController();
    setRevisions({ byRevision: new Map() });
    const read = async ({ revision }: HistoryEvent) => {
      const { body } = await getCase(id, { revision }, controller.signal);
      if (controller.signal.aborted) return;
      setRevisions((current) => ({ ...current, byRevision: new Map(current.byRevision).set(revision, body) }));
    };
    mapConcurrently(events, CONCURRENT_REQUESTS, read).catch((error: unknown) => {
      if (controller.signal.aborted) return;
      setRevisions((current) => ({ ...current, error: asApiError(error) }));
      controller.abort();
    });
    return () => controller.abort();
  }, [id, events]);
  return revisions;
}
