import { START_OF_LOG, type EventStore, type LogPosition, type RecordedEvent } from '../event-store.port';

export interface ReadLogOptions {
  /** Exclusive: events strictly after this position (default: from the start). */
  readonly after?: LogPosition;
  /** Only streams whose id starts with this prefix. */
  readonly streamPrefix?: string;
  /** Events per read (default 1,000). */
  readonly pageSize?: number;
}

/** The global log from its start or a position, page by page, for a reader that reads it through once. */
export async function* readLog(store: EventStore, options: ReadLogOptions = {}): AsyncGenerator<RecordedEvent> {
  const maxCount = options.pageSize ?? 1_000;
  let after = options.after ?? START_OF_LOG;
  for (;;) {
    const page = await store.readAll({ after, maxCount, streamPrefix: options.streamPrefix });
    yield* page;
    if (page.length < maxCount) return;
    after = page[page.length - 1].position;
  }
}
