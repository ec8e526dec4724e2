import type { NewEvent, RecordedEvent } from '@lib/event-store';
import { isSealed } from '../data-key';
import { DESTROYED } from '../key-store/data-key-store.port';
import type { DataKeys } from '../data-keys';
import { PersonalValues, type EventParts, type PersonalFieldPaths, type ValueChange } from './personal-values';

/**
 * Which personal values a reader opens: all, or those of the events' data only, with the
 * metadata's (the actor's names) taken out unopened, for readers that never show who acted.
 */
export type OpenedValues = 'all' | 'data';

/** A stored event holds a personal value in the clear: the store was written before values were sealed. */
export class UnsealedValue extends Error {
  override readonly name = 'UnsealedValue';
}

/**
 * Personal values of events at rest: sealed under their stream's data key before they are
 * hashed and stored, opened after they are read. Everything else stays in the clear.
 */
export class EventSealing {
  private readonly values: PersonalValues;

  constructor(
    private readonly keys: DataKeys,
    fields: PersonalFieldPaths,
  ) {
    this.values = new PersonalValues(fields);
  }

  /** New events of a stream as the store keeps them; the stream's key is created first if it has none. */
  readonly seal = async (streamId: string, events: readonly NewEvent[]): Promise<NewEvent[]> => {
    const key = await this.keys.keyFor(streamId);
    return events.map((event) => this.values.map(event, (value, path) => key.seal(path, value)));
  };

  /**
   * Stored events with their personal values opened (those `values` names), or taken out where
   * the stream's key was destroyed; throws UnopenableValue for a value changed at rest.
   */
  async open(events: readonly RecordedEvent[], values: OpenedValues = 'all'): Promise<RecordedEvent[]> {
    if (events.length === 0) return [];
    const keys = await this.keys.keysOf(new Set(events.map((event) => event.streamId)));
    return events.map((event) => {
      const key = keys.get(event.streamId)!;
      const opened: ValueChange = (value, path) => {
        if (!isSealed(value)) throw unsealed(event, path);
        return key === DESTROYED ? undefined : key.open(path, value);
      };
      return this.values.map(event, opened, values === 'all' ? opened : takenOut);
    });
  }

  /** The paths of the event's personal values stored in the clear. */
  unsealedPaths(event: EventParts): string[] {
    return this.values
      .valuesOf(event)
      .filter(({ value }) => !isSealed(value))
      .map(({ path }) => path);
  }
}

const takenOut: ValueChange = () => undefined;

function unsealed({ streamId, revision }: RecordedEvent, path: string): UnsealedValue {
  return new UnsealedValue(`${streamId}@${revision}: ${path} is stored in the clear, not sealed`);
}
