/**
 * A stream's state as folded up to one of its events, kept so that a fold need not start from
 * the stream's first event. Derived data: losing one costs only a longer fold.
 */
export interface Snapshot {
  /** The revision of the last event folded into `state`. */
  readonly revision: number;
  /** The hash of the event at `revision`, which the stream's next event links to. */
  readonly chainHead: string;
  /** The model's version of its state: a snapshot of another version is not used. */
  readonly version: string;
  /** The folded state, as JSON can carry it. */
  readonly state: unknown;
}

/**
 * Where the latest snapshot of each stream is kept. Adapters: in-memory (tests), SQLite and
 * PostgreSQL (beside the events). Every adapter passes `snapshot-store.contract.ts`.
 */
export abstract class SnapshotStore {
  /** The stream's snapshot of the latest revision saved, if any. */
  abstract latest(streamId: string): Promise<Snapshot | undefined>;

  /** Keeps the snapshot unless the stream has one of a later revision. */
  abstract save(streamId: string, snapshot: Snapshot): Promise<void>;

  /** Forgets every snapshot of the stream. */
  abstract forget(streamId: string): Promise<void>;

  abstract close(): Promise<void>;
}
