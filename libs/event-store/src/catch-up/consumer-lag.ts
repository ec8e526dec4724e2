import type { EventStore, LogPosition } from '../event-store.port';

export interface ConsumerLag {
  readonly position: LogPosition;
  /** Events stored after the checkpoint, counted up to the cap. */
  readonly events: number;
  /** Age of the oldest event not yet handled; 0 when caught up. */
  readonly seconds: number;
}

/** How far a checkpointed consumer trails the log: counted, so it means the same on every store. */
export async function measureLag(
  store: EventStore,
  checkpoint: LogPosition,
  { streamPrefix, cap = 10_000, now = Date.now() }: { streamPrefix?: string; cap?: number; now?: number } = {},
): Promise<ConsumerLag> {
  const pending = await store.readAll({ after: checkpoint, maxCount: cap, streamPrefix });
  const oldest = pending[0];
  return {
    position: checkpoint,
    events: pending.length,
    seconds: oldest ? Math.max(0, (now - Date.parse(oldest.recordedAt)) / 1000) : 0,
  };
}
