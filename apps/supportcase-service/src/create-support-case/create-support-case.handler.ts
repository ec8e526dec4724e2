import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decideCreate } from '@lib/domain';
import { newObjectId } from '../support-case/object-id';
import { SupportCaseRepository, type DecidedCase } from '../support-case/support-case.repository';
import { CreateSupportCaseCommand } from './create-support-case.command';

@CommandHandler(CreateSupportCaseCommand)
export class CreateSupportCaseHandler implements ICommandHandler<CreateSupportCaseCommand> {
  constructor(private readonly repository: SupportCaseRepository) {}

  execute({ input, context }: CreateSupportCaseCommand): Promise<DecidedCase> {
    const id = (input._id ?? newObjectId()).toLowerCase();
    return this.repository.decide(
      'CreateSupportCase',
      id,
      (state, decision) => decideCreate(state, { id, input }, decision),
      context,
    );
  }
}
