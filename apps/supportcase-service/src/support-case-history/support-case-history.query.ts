import { Query } from '@nestjs/cqrs';
import type { RecordedEvent } from '@lib/event-store';

/** A case's events: opened to be read, or as stored to be verified against their hashes. */
export class SupportCaseHistoryQuery extends Query<RecordedEvent[]> {
  constructor(
    readonly id: string,
    readonly view: 'opened' | 'stored' = 'opened',
  ) {
    super();
  }
}
