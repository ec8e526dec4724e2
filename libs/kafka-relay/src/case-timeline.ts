import { evolve, fold, timedEventOf, type SupportCase, type SupportCaseEvent } from '@lib/domain';
import type { EventStore, RecordedEvent } from '@lib/event-store';

export interface CaseAfterEvent {
  readonly event: SupportCaseEvent;
  readonly supportCase: SupportCase;
}

/**
 * Folds each case as its events go by in log order, so every message can tell the case's
 * state after its event. The states of recently seen cases are kept (least recently used go
 * first); any other is folded from its stream.
 */
export class CaseTimeline {
  private readonly states = new Map<string, { revision: number; supportCase: SupportCase }>();

  constructor(
    private readonly store: EventStore,
    private readonly capacity = 10_000,
  ) {}

  async apply(recorded: RecordedEvent): Promise<CaseAfterEvent> {
    const before = await this.stateBefore(recorded);
    const { event, occurredAt } = timedEventOf(recorded);
    const supportCase = evolve(before, event, occurredAt) as SupportCase;
    this.remember(recorded.streamId, recorded.revision, supportCase);
    return { event, supportCase };
  }

  private async stateBefore(recorded: RecordedEvent): Promise<SupportCase | null> {
    if (recorded.revision === 0) return null;
    const known = this.states.get(recorded.streamId);
    if (known?.revision === recorded.revision - 1) return known.supportCase;
    const history = await this.store.readStream(recorded.streamId);
    return fold(history.filter((event) => event.revision < recorded.revision).map(timedEventOf));
  }

  private remember(streamId: string, revision: number, supportCase: SupportCase): void {
    this.states.delete(streamId);
    this.states.set(streamId, { revision, supportCase });
    if (this.states.size > this.capacity) this.states.delete(this.states.keys().next().value as string);
  }
}
