import { LRUCache } from 'lru-cache';

/** The revision of a stream's last event, or `no_stream` when it has none. */
export type StreamRevision = number | 'no_stream';

/** A stream's state after folding its events up to `revision`. */
export interface Folded<State> {
  readonly state: State;
  readonly revision: StreamRevision;
  /** The hash of the event at `revision`, which the stream's next event links to. */
  readonly chainHead: string;
}

const DEFAULT_CAPACITY = 10_000;

/**
 * The latest fold of the streams used most recently, so that bringing one up to date reads and
 * applies only the events appended since: the cost does not grow with a stream's history.
 */
export class FoldCache<State> {
  private readonly folds: LRUCache<string, Folded<State>>;

  constructor(capacity = DEFAULT_CAPACITY) {
    this.folds = new LRUCache({ max: capacity });
  }

  get(streamId: string): Folded<State> | undefined {
    return this.folds.get(streamId);
  }

  /** Keeps a fold unless a newer one of the same stream is already kept. */
  remember(streamId: string, folded: Folded<State>): void {
    const known = this.folds.get(streamId);
    if (known !== undefined && revisionIndex(known.revision) > revisionIndex(folded.revision)) return;
    this.folds.set(streamId, folded);
  }
}

/** -1 for `no_stream`, so revisions compare as numbers. */
export function revisionIndex(revision: StreamRevision): number {
  return revision === 'no_stream' ? -1 : revision;
}
