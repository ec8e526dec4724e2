import { Injectable } from '@nestjs/common';
import { streamIdOf } from '@lib/domain';
import { DataKeys } from '@lib/personal-data';
import { SupportCaseStreams } from '../streams/support-case-streams';
import { SupportCaseWriter, type CaseWrite, type WrittenCase } from './support-case-writer';

/**
 * Erases a case's personal data: SupportCaseErased is appended first, so the history says when
 * and why, then the case's data key is destroyed, so every value it sealed, in every copy of
 * the events, is unreadable, and then its snapshots are forgotten (none is saved without the
 * key). A second erasure answers the first one's result, and does the last two steps again: an
 * erasure a crash cut short completes when it is sent again.
 */
@Injectable()
export class CaseErasure {
  constructor(
    private readonly writer: SupportCaseWriter,
    private readonly streams: SupportCaseStreams,
    private readonly keys: DataKeys,
  ) {}

  async erase(write: CaseWrite, reason: string): Promise<WrittenCase> {
    const erased = await this.writer.write(write, { type: 'EraseSupportCase', data: { reason } });
    await this.keys.destroy(streamIdOf(write.caseId));
    await this.streams.forgetSnapshots(write.caseId);
    return erased;
  }
}
