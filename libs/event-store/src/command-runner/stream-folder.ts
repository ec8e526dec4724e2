import type { EventStore, RecordedEvent } from '../event-store.port';
import { GENESIS_HASH, hashOf } from '../hash-chain';
import { FoldCache, revisionIndex, type Folded } from './fold-cache';

/** How a stream's events make its state. */
export interface StreamModel<State, Event> {
  readonly initialState: State;
  evolve(state: State, event: Event): State;
  /** A stored event as the model applies it, brought to the current schema. */
  eventOf(recorded: RecordedEvent): Event;
}

/**
 * Folds streams of one model, starting from the fold its cache remembers where it can, so
 * that the events already applied are neither read nor applied again.
 */
export class StreamFolder<State, Event> {
  constructor(
    private readonly store: EventStore,
    private readonly model: StreamModel<State, Event>,
    private readonly cache = new FoldCache<State>(),
  ) {}

  /** The stream as it stands: the remembered fold, brought up to date with what came since. */
  async load(streamId: string): Promise<Folded<State>> {
    const known = this.cache.get(streamId) ?? this.empty();
    const since = await this.store.readStream(streamId, { fromRevision: revisionIndex(known.revision) + 1 });
    return this.foldOnto(streamId, known, since);
  }

  /** A stream's whole history, already read, folded from the remembered fold where that is part of it. */
  fromHistory(streamId: string, history: readonly RecordedEvent[]): Folded<State> {
    const known = this.cache.get(streamId);
    const from = known && revisionIndex(known.revision) < history.length ? known : this.empty();
    return this.foldOnto(streamId, from, history.slice(revisionIndex(from.revision) + 1));
  }

  /** One recorded event as the model reads it, and the state right after it: for consumers of the global log. */
  async after(recorded: RecordedEvent): Promise<{ event: Event; state: State }> {
    const event = this.model.eventOf(recorded);
    const state = this.model.evolve(await this.before(recorded), event);
    this.cache.remember(recorded.streamId, { state, revision: recorded.revision, chainHead: hashOf(recorded) });
    return { event, state };
  }

  fold(recorded: readonly RecordedEvent[], from: State = this.model.initialState): State {
    let state = from;
    for (const event of recorded) state = this.model.evolve(state, this.model.eventOf(event));
    return state;
  }

  remember(streamId: string, folded: Folded<State>): void {
    this.cache.remember(streamId, folded);
  }

  private async before(recorded: RecordedEvent): Promise<State> {
    if (recorded.revision === 0) return this.model.initialState;
    const known = this.cache.get(recorded.streamId);
    if (known?.revision === recorded.revision - 1) return known.state;
    const history = await this.store.readStream(recorded.streamId);
    return this.fold(history.filter((event) => event.revision < recorded.revision));
  }

  private foldOnto(streamId: string, known: Folded<State>, since: readonly RecordedEvent[]): Folded<State> {
    if (since.length === 0) return known;
    const last = since[since.length - 1];
    const folded = { state: this.fold(since, known.state), revision: last.revision, chainHead: hashOf(last) };
    this.cache.remember(streamId, folded);
    return folded;
  }

  private empty(): Folded<State> {
    return { state: this.model.initialState, revision: 'no_stream', chainHead: GENESIS_HASH };
  }
}
