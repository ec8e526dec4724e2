import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { canSee, caseNotFound } from '@lib/domain';
import { ReadModelStore } from '@lib/read-model';
import { SupportCaseRepository, type DecidedCase } from '../support-case/support-case.repository';
import { GetSupportCaseQuery } from './get-support-case.query';

@QueryHandler(GetSupportCaseQuery)
export class GetSupportCaseHandler implements IQueryHandler<GetSupportCaseQuery> {
  constructor(
    private readonly readModel: ReadModelStore,
    private readonly repository: SupportCaseRepository,
  ) {}

  async execute({ id, context }: GetSupportCaseQuery): Promise<DecidedCase> {
    const found = (await this.readModel.getCase(id)) ?? (await this.notYetProjected(id));
    if (!found || !canSee(context.actor, found.supportCase)) throw caseNotFound();
    return found;
  }

  /** A case created an instant ago may not be projected yet: its creator still gets it. */
  private async notYetProjected(id: string): Promise<DecidedCase | undefined> {
    const { state, revision } = await this.repository.load(id);
    return state === null || revision === 'no_stream' ? undefined : { supportCase: state, revision };
  }
}
