import { Injectable } from '@nestjs/common';
import { streamIdOf } from '@lib/domain';
import { DataKeys } from '@lib/personal-data';
import { SupportCaseWriter, type CaseWrite, type WrittenCase } from './support-case-writer';

/**
 * Erases a case's personal data: SupportCaseErased is appended first, so the history says when
 * and why, then the case's data key is destroyed, so every value it sealed, in every copy of
 * the events, is unreadable. A second erasure answers the first one's result, and destroys the
 * key again: an erasure a crash cut short between the two steps completes when it is sent again.
 */
@Injectable()
export class CaseErasure {
  constructor(
    private readonly writer: SupportCaseWriter,
    private readonly keys: DataKeys,
  ) {}

  async erase(write: CaseWrite, reason: string): Promise<WrittenCase> {
    const erased = await this.writer.write(write, { type: 'EraseSupportCase', data: { reason } });
    await this.keys.destroy(streamIdOf(write.caseId));
    return erased;
  }
}
