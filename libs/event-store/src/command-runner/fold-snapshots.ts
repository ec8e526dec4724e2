import type { SnapshotStore } from '../snapshots/snapshot-store.port';
import { revisionIndex, type Folded, type StreamRevision } from './fold-cache';

export interface SnapshotLogger {
  error(message: string, error?: unknown): void;
}

export interface FoldSnapshotsOptions {
  readonly store: SnapshotStore;
  /** The version of the states the model folds (its events' schema, its evolve): a snapshot of another is not used. */
  readonly version: string;
  /** A fold is saved each time the stream's event count passes a multiple of this. */
  readonly every: number;
  readonly logger?: SnapshotLogger;
}

/**
 * Snapshots of a model's folds, so that a fold nobody remembers starts near the stream's end:
 * after a fold passes a multiple of `every` events, fewer than `every` events lie past the
 * latest snapshot. A snapshot is derived data: one that cannot be read or saved is logged and
 * the fold goes on from the events.
 */
export class FoldSnapshots<State> {
  private readonly logger: SnapshotLogger;

  constructor(private readonly options: FoldSnapshotsOptions) {
    this.logger = options.logger ?? console;
  }

  /** The stream's latest snapshot of this version, as a fold. */
  async latest(streamId: string): Promise<Folded<State> | undefined> {
    try {
      const snapshot = await this.options.store.latest(streamId);
      if (snapshot?.version !== this.options.version) return undefined;
      return { state: snapshot.state as State, revision: snapshot.revision, chainHead: snapshot.chainHead };
    } catch (error) {
      this.logger.error(`the snapshot of ${streamId} is not used: its events are folded from the start`, error);
      return undefined;
    }
  }

  /**
   * Saves the fold when it passed a multiple of `every` events since `from`. Awaited, not left
   * running: a save costs little (the state sealed and written without a sync of its own), and
   * once the update that made it is answered, forgetting the stream's snapshots forgets it too.
   */
  async folded(streamId: string, from: StreamRevision, { state, revision, chainHead }: Folded<State>): Promise<void> {
    if (revision === 'no_stream' || !this.passedMultiple(from, revision)) return;
    try {
      await this.options.store.save(streamId, { revision, chainHead, version: this.options.version, state });
    } catch (error) {
      this.logger.error(`the snapshot of ${streamId} at revision ${revision} was not saved`, error);
    }
  }

  forget(streamId: string): Promise<void> {
    return this.options.store.forget(streamId);
  }

  private passedMultiple(from: StreamRevision, to: number): boolean {
    const { every } = this.options;
    const multiplesIn = (revision: StreamRevision) => Math.floor((revisionIndex(revision) + 1) / every);
    return multiplesIn(to) > multiplesIn(from);
  }
}
