import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { streamIdOf } from '@lib/domain';
import { DataKeys } from '@lib/personal-data';
import { SupportCaseWriter, type WrittenCase } from '../write/support-case-writer';
import { EraseSupportCaseCommand } from './erase-support-case.command';

/**
 * Erases a case's personal data: SupportCaseErased is appended first, so the history says when
 * and why, then the case's data key is destroyed, so every value it sealed, in every copy of
 * the events, is unreadable. A second erasure answers the first one's result, and destroys the
 * key again: an erasure a crash cut short between the two steps completes when it is sent again.
 */
@CommandHandler(EraseSupportCaseCommand)
export class EraseSupportCaseHandler implements ICommandHandler<EraseSupportCaseCommand> {
  constructor(
    private readonly writer: SupportCaseWriter,
    private readonly keys: DataKeys,
  ) {}

  async execute(erase: EraseSupportCaseCommand): Promise<WrittenCase> {
    const erased = await this.writer.write(erase, { type: 'EraseSupportCase', data: { reason: erase.input.reason } });
    await this.keys.destroy(streamIdOf(erase.caseId));
    return erased;
  }
}
