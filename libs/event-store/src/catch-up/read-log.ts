import { START_OF_LOG, type EventStore, type LogPosition, type RecordedEvent } from '../event-store.port';

export interface ReadLogOptions {
  /** Only streams whose id starts with this prefix. */
  readonly streamPrefix?: string;
  /** Events per read (default 1,000). */
  readonly pageSize?: number;
}

/** The global log from its start, page by page, for a tool that reads it whole once. */
export async function* readLog(store: EventStore, options: ReadLogOptions = {}): AsyncGenerator<RecordedEvent> {
  const maxCount = options.pageSize ?? 1_000;
  let after: LogPosition = START_OF_LOG;
  for (;;) {
    const page = await store.readAll({ after, maxCount, streamPrefix: options.streamPrefix });
    yield* page;
    if (page.length < maxCount) return;
    after = page[page.length - 1].position;
  }
}
