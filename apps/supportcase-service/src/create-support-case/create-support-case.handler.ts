import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { caseIdForKey } from '../write/idempotency';
import { newObjectId } from '../write/object-id';
import { SupportCaseWriter, type WrittenCase } from '../write/support-case-writer';
import { CreateSupportCaseCommand } from './create-support-case.command';

@CommandHandler(CreateSupportCaseCommand)
export class CreateSupportCaseHandler implements ICommandHandler<CreateSupportCaseCommand> {
  constructor(private readonly writer: SupportCaseWriter) {}

  execute({ input, caller, options }: CreateSupportCaseCommand): Promise<WrittenCase> {
    const id = (input._id ?? this.newCaseId(caller, options)).toLowerCase();
    return this.writer.write({ caseId: id, caller, options }, { type: 'CreateSupportCase', data: { id, input } });
  }

  /** With an Idempotency-Key, the id follows from it, so a retried create finds its case. */
  private newCaseId(
    { actor }: CreateSupportCaseCommand['caller'],
    { idempotency }: CreateSupportCaseCommand['options'],
  ) {
    return idempotency ? caseIdForKey(actor, idempotency.key) : newObjectId();
  }
}
