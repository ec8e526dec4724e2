import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CaseErasure } from '../write/case-erasure';
import type { WrittenCase } from '../write/support-case-writer';
import { EraseSupportCaseCommand } from './erase-support-case.command';

@CommandHandler(EraseSupportCaseCommand)
export class EraseSupportCaseHandler implements ICommandHandler<EraseSupportCaseCommand> {
  constructor(private readonly erasure: CaseErasure) {}

  execute(erase: EraseSupportCaseCommand): Promise<WrittenCase> {
    return this.erasure.erase(erase, erase.input.reason);
  }
}
