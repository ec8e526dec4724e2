import type { SupportCase } from '@lib/domain';
import type { CheckpointedConsumer, LogPosition, RecordedEvent } from '@lib/event-store';

/** One projected case: the folded state and the stream revision it reflects. */
export interface ProjectedCase {
  readonly supportCase: SupportCase;
  readonly revision: number;
}

export interface ListQuery {
  /** Only cases of this customer id. */
  readonly customer?: string;
  /** Only cases this reseller may see: opened by it (owner) or of its own customer id. */
  readonly visibleToReseller?: string;
  /** Only solved cases (true) or open ones (false). */
  readonly solved?: boolean;
  readonly offset: number;
  readonly limit: number;
}

export interface ListResult {
  /** All matches, regardless of offset and limit. */
  readonly total: number;
  /** Newest `date` first. */
  readonly cases: SupportCase[];
}

/**
 * The read model: projected rows for get and list, and the projector's checkpoint. As a
 * CheckpointedConsumer it applies a batch of stored events and moves its checkpoint in one
 * transaction, applying each event once.
 */
export abstract class ReadModelStore implements CheckpointedConsumer {
  abstract getCase(id: string): Promise<ProjectedCase | undefined>;
  abstract listCases(query: ListQuery): Promise<ListResult>;
  /** Ids of up to `limit` cases solved, not erased, and unchanged since before `cutoff` (ISO-8601). */
  abstract solvedUnchangedSince(cutoff: string, limit: number): Promise<string[]>;
  abstract loadCheckpoint(): Promise<LogPosition>;
  abstract handle(events: readonly RecordedEvent[]): Promise<void>;
  abstract close(): Promise<void>;
}
