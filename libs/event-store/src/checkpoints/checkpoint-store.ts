import type { LogPosition } from '../event-store.port';

/** Where a consumer of the global log keeps how far it has durably got. */
export abstract class CheckpointStore {
  abstract load(): Promise<LogPosition>;
  /** Records the position; never moves an existing checkpoint backwards. */
  abstract save(position: LogPosition): Promise<void>;
  abstract close(): Promise<void>;
}
