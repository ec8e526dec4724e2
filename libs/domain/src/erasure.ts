import type { SupportCaseErased } from './events';
import type { Erasure } from './support-case';

/** An event as stored: its type, data and metadata. */
interface StoredEvent {
  readonly type: string;
  readonly data: unknown;
  readonly metadata: Readonly<Record<string, unknown>>;
}

/** When and why the event erased its case, if it is a SupportCaseErased; otherwise undefined. */
export function erasureOf(event: StoredEvent): Erasure | undefined {
  if (event.type !== 'SupportCaseErased') return undefined;
  return { date: event.metadata.occurredAt as string, reason: (event.data as SupportCaseErased['data']).reason };
}
