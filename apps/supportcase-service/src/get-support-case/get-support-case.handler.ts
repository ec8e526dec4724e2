import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { canSee, caseNotFound } from '@lib/domain';
import { ReadModelStore, type ProjectedCase } from '@lib/read-model';
import { SupportCaseStreams } from '../streams/support-case-streams';
import { GetSupportCaseQuery } from './get-support-case.query';

@QueryHandler(GetSupportCaseQuery)
export class GetSupportCaseHandler implements IQueryHandler<GetSupportCaseQuery> {
  constructor(
    private readonly readModel: ReadModelStore,
    private readonly streams: SupportCaseStreams,
  ) {}

  async execute({ id, context }: GetSupportCaseQuery): Promise<ProjectedCase> {
    const found = (await this.readModel.getCase(id)) ?? (await this.notYetProjected(id));
    if (!found || !canSee(context.actor, found.supportCase)) throw caseNotFound();
    return found;
  }

  /** A case created an instant ago may not be projected yet: its creator still gets it. */
  private async notYetProjected(id: string): Promise<ProjectedCase | undefined> {
    const { state, revision } = await this.streams.load(id);
    return state === null || revision === 'no_stream' ? undefined : { supportCase: state, revision };
  }
}
