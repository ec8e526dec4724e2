import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SupportCaseWriter, type WrittenCase } from '../write/support-case-writer';
import { UpdateSupportCaseCommand } from './update-support-case.command';

@CommandHandler(UpdateSupportCaseCommand)
export class UpdateSupportCaseHandler implements ICommandHandler<UpdateSupportCaseCommand> {
  constructor(private readonly writer: SupportCaseWriter) {}

  execute(write: UpdateSupportCaseCommand): Promise<WrittenCase> {
    return this.writer.write(write, { type: 'UpdateSupportCase', data: { id: write.caseId, input: write.input } });
  }
}
