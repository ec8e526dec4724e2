import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decideCreate } from '@lib/domain';
import { caseIdForKey } from '../support-case/idempotency';
import { newObjectId } from '../support-case/object-id';
import type { RequestContext } from '../support-case/request-context';
import { SupportCaseRepository, type DecideOptions, type DecidedCase } from '../support-case/support-case.repository';
import { CreateSupportCaseCommand } from './create-support-case.command';

@CommandHandler(CreateSupportCaseCommand)
export class CreateSupportCaseHandler implements ICommandHandler<CreateSupportCaseCommand> {
  constructor(private readonly repository: SupportCaseRepository) {}

  execute({ input, context, options }: CreateSupportCaseCommand): Promise<DecidedCase> {
    const id = (input._id ?? this.newCaseId(context, options)).toLowerCase();
    return this.repository.decide(
      'CreateSupportCase',
      id,
      (state, decision) => decideCreate(state, { id, input }, decision),
      context,
      options,
    );
  }

  /** With an Idempotency-Key, the id follows from it, so a retried create finds its case. */
  private newCaseId({ actor }: RequestContext, { idempotency }: DecideOptions): string {
    return idempotency ? caseIdForKey(actor, idempotency.key) : newObjectId();
  }
}
