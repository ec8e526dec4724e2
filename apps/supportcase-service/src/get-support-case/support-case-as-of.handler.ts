import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { caseNotFound, fold, timedEventOf, type SupportCase } from '@lib/domain';
import type { RecordedEvent } from '@lib/event-store';
import { SupportCaseRepository, type DecidedCase } from '../support-case/support-case.repository';
import { SupportCaseAsOfQuery } from './support-case-as-of.query';

@QueryHandler(SupportCaseAsOfQuery)
export class SupportCaseAsOfHandler implements IQueryHandler<SupportCaseAsOfQuery> {
  constructor(private readonly repository: SupportCaseRepository) {}

  async execute({ id, point }: SupportCaseAsOfQuery): Promise<DecidedCase> {
    const history = await this.repository.history(id);
    const upTo = history.filter(isUpTo(point));
    if (upTo.length === 0) throw caseNotFound();
    return {
      supportCase: fold(upTo.map(timedEventOf)) as SupportCase,
      revision: upTo[upTo.length - 1].revision,
    };
  }
}

function isUpTo(point: SupportCaseAsOfQuery['point']): (event: RecordedEvent) => boolean {
  if ('revision' in point) return (event) => event.revision <= point.revision;
  const asOf = Date.parse(point.asOf);
  return (event) => Date.parse(event.metadata.occurredAt as string) <= asOf;
}
