import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { caseNotFound } from '@lib/domain';
import type { RecordedEvent } from '@lib/event-store';
import { SupportCaseStreams } from '../streams/support-case-streams';
import { SupportCaseHistoryQuery } from './support-case-history.query';

@QueryHandler(SupportCaseHistoryQuery)
export class SupportCaseHistoryHandler implements IQueryHandler<SupportCaseHistoryQuery> {
  constructor(private readonly streams: SupportCaseStreams) {}

  async execute({ id, view }: SupportCaseHistoryQuery): Promise<RecordedEvent[]> {
    const history = view === 'stored' ? await this.streams.storedHistory(id) : await this.streams.history(id);
    if (history.length === 0) throw caseNotFound();
    return history;
  }
}
