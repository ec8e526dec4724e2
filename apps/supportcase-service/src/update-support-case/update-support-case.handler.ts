import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decideUpdate } from '@lib/domain';
import { newObjectId } from '../support-case/object-id';
import { SupportCaseRepository, type DecidedCase } from '../support-case/support-case.repository';
import { UpdateSupportCaseCommand } from './update-support-case.command';

@CommandHandler(UpdateSupportCaseCommand)
export class UpdateSupportCaseHandler implements ICommandHandler<UpdateSupportCaseCommand> {
  constructor(private readonly repository: SupportCaseRepository) {}

  execute({ id, input, context, ifMatch }: UpdateSupportCaseCommand): Promise<DecidedCase> {
    const now = new Date().toISOString();
    const decisionContext = { actor: context.actor, now, newId: newObjectId };
    return this.repository.decide(id, (state) => decideUpdate(state, { id, input }, decisionContext), context, {
      now,
      ifMatch,
    });
  }
}
