import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decideUpdate } from '@lib/domain';
import { SupportCaseRepository, type DecidedCase } from '../support-case/support-case.repository';
import { UpdateSupportCaseCommand } from './update-support-case.command';

@CommandHandler(UpdateSupportCaseCommand)
export class UpdateSupportCaseHandler implements ICommandHandler<UpdateSupportCaseCommand> {
  constructor(private readonly repository: SupportCaseRepository) {}

  execute({ id, input, context, options }: UpdateSupportCaseCommand): Promise<DecidedCase> {
    return this.repository.decide(
      'UpdateSupportCase',
      id,
      (state, decision) => decideUpdate(state, { id, input }, decision),
      context,
      options,
    );
  }
}
