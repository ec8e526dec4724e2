import { conformanceOf, receivedBody } from '../openapi-conformance';
import Database from 'better-sqlite3';
import { FORBIDDEN_KEYS } from './json-text';

/**
 * The event store's global log, read on a read-only connection of its own: what a request
 * stored is what this count says, whatever the service answered.
 */
export class EventLog {
  private readonly db: Database.Database;

  constructor(file: string) {
    this.db = new Database(file, { readonly: true, fileMustExist: true });
  }

  /** The number of events in the log. */
  length(): number {
    return this.db.prepare<[], number>('SELECT COUNT(*) FROM events').pluck().get() as number;
  }

  /** The last position in the log, 0 when it is empty. */
  lastPosition(): number {
    return this.db.prepare<[], number>('SELECT COALESCE(MAX(position), 0) FROM events').pluck().get() as number;
  }

  /** The revision of a case's last event, or -1 when it has none. */
  revisionOf(caseId: string): number {
    return this.db
      .prepare<[string], number>('SELECT COALESCE(MAX(revision), -1) FROM events WHERE stream_id = ?')
      .pluck()
      .get(`supportCase-${caseId.toLowerCase()}`) as number;
  }

  /** The data of every event stored after `position`, parsed. */
  dataAfter(position: number): unknown[] {
    return this.db
      .prepare<[number], string>('SELECT data FROM events WHERE position > ? ORDER BY position')
      .pluck()
      .all(position)
      .map((text) => JSON.parse(text as string));
  }

  close(): void {
    this.db.close();
  }
}

/** Where a stored value holds a key that reaches a prototype, or a NUL; undefined when clean. */
export function hostileContentIn(root: unknown): string | undefined {
  const pending: Array<[unknown, string]> = [[root, '']];
  while (pending.length > 0) {
    const [item, path] = pending.pop() as [unknown, string];
    if (typeof item === 'string' && item.includes('\u0000')) return path;
    if (typeof item !== 'object' || item === null) continue;
    for (const key of Object.keys(item)) {
      if (FORBIDDEN_KEYS.includes(key) || key.includes('\u0000')) return `${path}/${key}`;
      pending.push([(item as Record<string, unknown>)[key], `${path}/${key}`]);
    }
  }
  return undefined;
}

const PROTOTYPES: Record<string, object> = {
  Object: Object.prototype,
  Array: Array.prototype,
  Function: Function.prototype,
  String: String.prototype,
  Number: Number.prototype,
  Boolean: Boolean.prototype,
};

/** The own property names of the global prototypes, to compare before and after a run. */
export function prototypeKeys(): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(PROTOTYPES).map(([name, prototype]) => [name, Reflect.ownKeys(prototype).map(String).sort()]),
  );
}

/** A stack trace or a path on this machine, as a 4xx or 5xx must never show. */
export const LEAK = /\n\s+at |\bat (?:async )?\S+ \(|node:internal|node_modules|\/work\/|\.(?:ts|js):\d+:\d+|"stack"/;

export interface Exchange {
  url: string;
  status: number;
  headers: Headers;
  text: string;
}

/** One request over real HTTP, sent as given: any method, headers, and body bytes. */
export async function exchange(
  baseUrl: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Exchange> {
  const url = `${baseUrl}${path}`;
  const response = await fetch(url, { method, headers, body, redirect: 'manual' });
  const text = await response.text();
  const received = { method, url: path, status: response.status, headers: response.headers };
  (await conformanceOf(baseUrl)).check({ ...received, body: receivedBody(text, response.headers) });
  return { url, status: response.status, headers: response.headers, text };
}
