import { supportCaseStreamModel, type SupportCase, type SupportCaseEvent, type SupportCaseState } from '@lib/domain';
import { StreamFolder, type EventStore, type RecordedEvent } from '@lib/event-store';
import { toSupportCaseMessage, type OutgoingMessage } from './support-case-message.mapper';

/**
 * The public message of each stored event, in log order. Each case is folded as its events go
 * by, so every message can tell the case's state after its event.
 */
export class CaseMessages {
  private readonly cases: StreamFolder<SupportCaseState, SupportCaseEvent>;

  constructor(store: EventStore) {
    this.cases = new StreamFolder(store, supportCaseStreamModel);
  }

  async of(recorded: RecordedEvent): Promise<OutgoingMessage> {
    const { event, state } = await this.cases.after(recorded);
    return toSupportCaseMessage(recorded, { event, supportCase: state as SupportCase });
  }
}
