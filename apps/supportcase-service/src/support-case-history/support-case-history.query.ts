import { Query } from '@nestjs/cqrs';
import type { RecordedEvent } from '@lib/event-store';

export class SupportCaseHistoryQuery extends Query<RecordedEvent[]> {
  constructor(readonly id: string) {
    super();
  }
}
