import type { EventMetadata } from '../event-store.port';

/** An event as a decider emits it; its own metadata (such as its time) is stored with it. */
export interface DecidedEvent {
  readonly type: string;
  readonly data: unknown;
  readonly metadata?: EventMetadata;
}

/** A command names its type, so runs can be told apart in metrics. */
export interface TypedCommand {
  readonly type: string;
}

/** Pure decisions over one stream: what a command causes, and how an event changes the state. */
export interface Decider<State, Command extends TypedCommand, Event extends DecidedEvent> {
  decide(command: Command, state: State): readonly Event[];
  evolve(state: State, event: Event): State;
  readonly initialState: State;
}
