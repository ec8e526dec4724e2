import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { caseNotFound, type SupportCase } from '@lib/domain';
import type { RecordedEvent } from '@lib/event-store';
import { ApiProblem } from '@lib/http';
import type { ProjectedCase } from '@lib/read-model';
import { erasureIn, SupportCaseStreams } from '../streams/support-case-streams';
import { SupportCaseAsOfQuery } from './support-case-as-of.query';

@QueryHandler(SupportCaseAsOfQuery)
export class SupportCaseAsOfHandler implements IQueryHandler<SupportCaseAsOfQuery> {
  constructor(private readonly streams: SupportCaseStreams) {}

  async execute({ id, point }: SupportCaseAsOfQuery): Promise<ProjectedCase> {
    const history = await this.streams.history(id);
    const latest = history.at(-1)?.revision;
    if (latest === undefined) throw caseNotFound();
    if ('revision' in point && point.revision > latest) throw pastLatest(point.revision, latest);
    const upTo = history.filter(isUpTo(point));
    if (upTo.length === 0) throw caseNotFound();
    const asOf = this.streams.folder.fold(upTo) as SupportCase;
    // Erased since, the case's past holds no personal data either: it says so.
    const erased = erasureIn(history);
    return { supportCase: erased ? { ...asOf, erased } : asOf, revision: upTo[upTo.length - 1].revision };
  }
}

/** A revision the case has not reached is no state it stood in, unlike a time after its last change. */
function pastLatest(revision: number, latest: number): ApiProblem {
  return new ApiProblem(404, 'not_found', `the case has no revision ${revision}: its latest revision is ${latest}`, [
    { path: 'revision', message: `must be at most ${latest}, the latest revision` },
  ]);
}

function isUpTo(point: SupportCaseAsOfQuery['point']): (event: RecordedEvent) => boolean {
  if ('revision' in point) return (event) => event.revision <= point.revision;
  const asOf = Date.parse(point.asOf);
  return (event) => Date.parse(event.metadata.occurredAt as string) <= asOf;
}
