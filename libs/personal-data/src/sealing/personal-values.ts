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
  private readonly dataTrees: ReadonlyMap<string, PathNode>;
  private readonly metadataTree: PathNode;

  constructor(fields: PersonalFieldPaths) {
    this.dataTrees = new Map(Object.entries(fields.data).map(([type, paths]) => [type, treeOf(paths)]));
    this.metadataTree = treeOf(fields.metadata);
  }

  /**
   * The event with each personal value changed or taken out, those of its metadata by
   * `metadataChange` when given; everything else, and every value absent or null, kept.
   */
  map<E extends EventParts>(event: E, change: ValueChange, metadataChange: ValueChange = change): E {
    const dataTree = this.dataTrees.get(event.type);
    const data = dataTree ? changedAt(event.data, dataTree, ['data'], change) : event.data;
    const metadata = changedAt(event.metadata, this.metadataTree, ['metadata'], metadataChange) as E['metadata'];
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

/** The paths below one place in an event, as a tree, so that one walk finds every value. */
interface PathNode {
  /** Whether a personal value sits here. */
  isValue: boolean;
  readonly below: Map<string, PathNode>;
}

function treeOf(paths: readonly string[]): PathNode {
  const root: PathNode = { isValue: false, below: new Map() };
  for (const path of paths) {
    let node = root;
    for (const segment of path.split('.')) {
      let next = node.below.get(segment);
      if (!next) node.below.set(segment, (next = { isValue: false, below: new Map() }));
      node = next;
    }
    node.isValue = true;
  }
  return root;
}

/**
 * A copy of `value` with the strings its tree names changed, sharing every part left as it was.
 * `trail` is where `value` sits, array indexes included; it is joined into a path only where a
 * value is found.
 */
function changedAt(value: unknown, node: PathNode, trail: (string | number)[], change: ValueChange): unknown {
  if (typeof value === 'string') return node.isValue ? change(value, trail.join('.')) : value;
  if (typeof value !== 'object' || value === null) return value;
  if (!Array.isArray(value)) return changedRecord(value as Record<string, unknown>, node, trail, change);
  const itemNode = node.below.get('*');
  return itemNode ? changedItems(value, itemNode, trail, change) : value;
}

function changedItems(
  items: readonly unknown[],
  node: PathNode,
  trail: (string | number)[],
  change: ValueChange,
): readonly unknown[] {
  let copy: unknown[] | undefined;
  items.forEach((item, index) => {
    trail.push(index);
    const next = changedAt(item, node, trail, change);
    trail.pop();
    if (next !== item) (copy ??= [...items])[index] = next;
  });
  return copy ?? items;
}

/** Copied once, however many of its values change; a value changed into undefined is taken out. */
function changedRecord(
  record: Record<string, unknown>,
  node: PathNode,
  trail: (string | number)[],
  change: ValueChange,
): Record<string, unknown> {
  let changes: Map<string, unknown> | undefined;
  for (const [key, below] of node.below) {
    if (!Object.hasOwn(record, key)) continue;
    trail.push(key);
    const next = changedAt(record[key], below, trail, change);
    trail.pop();
    if (next !== record[key]) (changes ??= new Map()).set(key, next);
  }
  if (!changes) return record;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(record)) {
    const next = changes.has(key) ? changes.get(key) : record[key];
    if (next !== undefined || !changes.has(key)) copy[key] = next;
  }
  return copy;
}
