/**
 * Where an event's personal values sit: paths in its data by event type, and paths in every
 * event's metadata. Paths are dotted; `*` stands for every element of an array.
 */
export interface PersonalFieldPaths {
  readonly data: { readonly [eventType: string]: readonly string[] };
  readonly metadata: readonly string[];
}

/** An event's parts that hold personal values. */
export interface EventParts {
  readonly type: string;
  readonly data: unknown;
  readonly metadata: { readonly [key: string]: unknown };
}

/** Turns one personal value into another, or into nothing; `path` is where it sits, array indexes included. */
export type ValueChange = (value: string, path: string) => string | undefined;

/** The personal values of events, found by their paths and changed all alike. */
export class PersonalValues {
  private readonly dataPaths: ReadonlyMap<string, readonly string[][]>;
  private readonly metadataPaths: readonly string[][];

  constructor(fields: PersonalFieldPaths) {
    this.dataPaths = new Map(Object.entries(fields.data).map(([type, paths]) => [type, paths.map(segmentsOf)]));
    this.metadataPaths = fields.metadata.map(segmentsOf);
  }

  /**
   * The event with each personal value changed or taken out, those of its metadata by
   * `metadataChange` when given; everything else, and every value absent or null, kept.
   */
  map<E extends EventParts>(event: E, change: ValueChange, metadataChange: ValueChange = change): E {
    let { data, metadata } = event;
    for (const segments of this.dataPaths.get(event.type) ?? []) data = changedAt(data, segments, 'data', change);
    for (const segments of this.metadataPaths)
      metadata = changedAt(metadata, segments, 'metadata', metadataChange) as E['metadata'];
    return data === event.data && metadata === event.metadata ? event : { ...event, data, metadata };
  }

  /** Every personal value of the event, with its path. */
  valuesOf(event: EventParts): { value: string; path: string }[] {
    const values: { value: string; path: string }[] = [];
    this.map(event, (value, path) => {
      values.push({ value, path });
      return value;
    });
    return values;
  }
}

function segmentsOf(path: string): string[] {
  return path.split('.');
}

/** A copy of `value` with the strings at `segments` changed, sharing every part left as it was. */
function changedAt(value: unknown, segments: readonly string[], path: string, change: ValueChange): unknown {
  if (segments.length === 0) return typeof value === 'string' ? change(value, path) : value;
  if (typeof value !== 'object' || value === null) return value;
  const [head, ...rest] = segments;
  if (head === '*') {
    if (!Array.isArray(value)) return value;
    const items = value.map((item, index) => changedAt(item, rest, `${path}.${index}`, change));
    return items.every((item, index) => item === value[index]) ? value : items;
  }
  const record = value as Record<string, unknown>;
  if (!Object.hasOwn(record, head)) return value;
  const next = changedAt(record[head], rest, `${path}.${head}`, change);
  if (next === record[head]) return value;
  if (next !== undefined) return { ...record, [head]: next };
  const { [head]: _removed, ...kept } = record;
  return kept;
}
