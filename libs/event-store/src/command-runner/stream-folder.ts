import type { EventStore, RecordedEvent } from '../event-store.port';
import { GENESIS_HASH, hashOf } from '../hash-chain';
import { FoldCache, revisionIndex, type Folded, type StreamRevision } from './fold-cache';
import type { FoldSnapshots } from './fold-snapshots';

/** How a stream's events make its state. */
export interface StreamModel<State, Event> {
  readonly initialState: State;
  evolve(state: State, event: Event): State;
  /** A stored event as the model applies it, brought to the current schema. */
  eventOf(recorded: RecordedEvent): Event;
}

export interface StreamFolderOptions<State> {
  /** The folds this process remembers. */
  readonly cache?: FoldCache<State>;
  /** Folds kept apart from the process, for the streams its cache does not hold. */
  readonly snapshots?: FoldSnapshots<State>;
}

/**
 * Folds streams of one model, starting from the fold its cache remembers, else from the
 * stream's latest snapshot, so that the events already applied are neither read nor applied
 * again.
 */
export class StreamFolder<State, Event> {
  private readonly cache: FoldCache<State>;
  private readonly snapshots?: FoldSnapshots<State>;

  constructor(
    private readonly store: EventStore,
    private readonly model: StreamModel<State, Event>,
    { cache = new FoldCache<State>(), snapshots }: StreamFolderOptions<State> = {},
  ) {
    this.cache = cache;
    this.snapshots = snapshots;
  }

  /** The stream as it stands: the remembered fold or the latest snapshot, brought up to date with what came since. */
  async load(streamId: string): Promise<Folded<State>> {
    const known = await this.startOf(streamId);
    const since = await this.store.readStream(streamId, { fromRevision: revisionIndex(known.revision) + 1 });
    return this.foldOnto(streamId, known, since);
  }

  /** A stream's whole history, already read, folded from the remembered fold where that is part of it. */
  fromHistory(streamId: string, history: readonly RecordedEvent[]): Promise<Folded<State>> {
    const known = this.cache.get(streamId);
    const from = known && revisionIndex(known.revision) < history.length ? known : this.empty();
    return this.foldOnto(streamId, from, history.slice(revisionIndex(from.revision) + 1));
  }

  /** One recorded event as the model reads it, and the state right after it: for consumers of the global log. */
  async after(recorded: RecordedEvent): Promise<{ event: Event; state: State }> {
    const event = this.model.eventOf(recorded);
    const state = this.model.evolve(await this.before(recorded), event);
    const folded = { state, revision: recorded.revision, chainHead: hashOf(recorded) };
    await this.remembered(recorded.streamId, recorded.revision - 1, folded);
    return { event, state };
  }

  fold(recorded: readonly RecordedEvent[], from: State = this.model.initialState): State {
    let state = from;
    for (const event of recorded) state = this.model.evolve(state, this.model.eventOf(event));
    return state;
  }

  /** Remembers the fold a run made by appending to the stream. */
  async remember(streamId: string, folded: Folded<State>): Promise<void> {
    await this.remembered(streamId, this.cache.get(streamId)?.revision ?? 'no_stream', folded);
  }

  /** Forgets the stream's snapshots, as when what they hold must no longer be kept. */
  async forgetSnapshots(streamId: string): Promise<void> {
    await this.snapshots?.forget(streamId);
  }

  private async before(recorded: RecordedEvent): Promise<State> {
    if (recorded.revision === 0) return this.model.initialState;
    const known = this.cache.get(recorded.streamId);
    if (known?.revision === recorded.revision - 1) return known.state;
    const history = await this.store.readStream(recorded.streamId);
    return this.fold(history.filter((event) => event.revision < recorded.revision));
  }

  private async startOf(streamId: string): Promise<Folded<State>> {
    const remembered = this.cache.get(streamId);
    if (remembered) return remembered;
    const snapshot = await this.snapshots?.latest(streamId);
    if (!snapshot) return this.empty();
    this.cache.remember(streamId, snapshot);
    return snapshot;
  }

  private async foldOnto(
    streamId: string,
    known: Folded<State>,
    since: readonly RecordedEvent[],
  ): Promise<Folded<State>> {
    if (since.length === 0) return known;
    const last = since[since.length - 1];
    const folded = { state: this.fold(since, known.state), revision: last.revision, chainHead: hashOf(last) };
    return this.remembered(streamId, known.revision, folded);
  }

  /** Keeps the fold in the cache, and as a snapshot when the policy asks for one since `from`. */
  private async remembered(streamId: string, from: StreamRevision, folded: Folded<State>): Promise<Folded<State>> {
    this.cache.remember(streamId, folded);
    await this.snapshots?.folded(streamId, from, folded);
    return folded;
  }

  private empty(): Folded<State> {
    return { state: this.model.initialState, revision: 'no_stream', chainHead: GENESIS_HASH };
  }
}
