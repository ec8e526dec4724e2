/**
 * JSON text as an attacker writes it, not as JSON.stringify would: objects are lists of entries
 * (so a key may repeat, and `__proto__` is an ordinary own key), numbers may be literals no
 * double holds (`1e400`, `-0`, thirty digits), and depth, array length and string length can be
 * far beyond what a recursive generator or serializer should handle.
 */
export type JsonNode =
  | { kind: 'value'; value: null | boolean | number | string }
  /** A number literal written as is. */
  | { kind: 'number'; text: string }
  | { kind: 'array'; items: JsonNode[] }
  | { kind: 'object'; entries: Array<[string, JsonNode]> }
  /** An array of `count` copies of one item: big arrays without big generators. */
  | { kind: 'repeat'; item: JsonNode; count: number }
  /** `depth` levels of arrays (`[[[…]]]`) or objects (`{"a":{"a":…}}`) around `inner`. */
  | { kind: 'nest'; as: 'array' | 'object'; depth: number; inner: JsonNode }
  /** A string of `count` copies of `unit`. */
  | { kind: 'long'; unit: string; count: number };

export const value = (v: null | boolean | number | string): JsonNode => ({ kind: 'value', value: v });
export const object = (entries: Array<[string, JsonNode]>): JsonNode => ({ kind: 'object', entries });
export const array = (items: JsonNode[]): JsonNode => ({ kind: 'array', items });

/** Plain data (as JSON.parse would give it) as a node. */
export function fromValue(data: unknown): JsonNode {
  if (Array.isArray(data)) return array(data.map(fromValue));
  if (data !== null && typeof data === 'object') {
    return object(Object.entries(data).map(([key, item]) => [key, fromValue(item)]));
  }
  return value(data as null | boolean | number | string);
}

/** The JSON text of a node. Recursion follows the generated tree only, which stays shallow. */
export function render(node: JsonNode): string {
  switch (node.kind) {
    case 'value':
      // JSON.stringify writes NaN and Infinity as null; lone surrogates as \ud800 escapes.
      return JSON.stringify(node.value);
    case 'number':
      return node.text;
    case 'array':
      return `[${node.items.map(render).join(',')}]`;
    case 'object':
      return `{${node.entries.map(([key, item]) => `${JSON.stringify(key)}:${render(item)}`).join(',')}}`;
    case 'repeat': {
      if (node.count === 0) return '[]';
      const item = render(node.item);
      return `[${`${item},`.repeat(node.count - 1)}${item}]`;
    }
    case 'nest': {
      const inner = render(node.inner);
      return node.as === 'array'
        ? `${'['.repeat(node.depth)}${inner}${']'.repeat(node.depth)}`
        : `${'{"a":'.repeat(node.depth)}${inner}${'}'.repeat(node.depth)}`;
    }
    case 'long':
      return JSON.stringify(node.unit.repeat(node.count));
  }
}

/** Whether the value JSON.parse makes of a node holds what any body is refused for: a forbidden key, or a NUL. */
export function mustBeRefused(node: JsonNode): boolean {
  switch (node.kind) {
    case 'value':
      return typeof node.value === 'string' && node.value.includes('\u0000');
    case 'long':
      return node.unit.includes('\u0000') && node.count > 0;
    case 'object':
      // A key given twice holds its last value, as JSON.parse reads it.
      return [...new Map(node.entries)].some(
        ([key, item]) => FORBIDDEN_KEYS.includes(key) || key.includes('\u0000') || mustBeRefused(item),
      );
    case 'array':
      return node.items.some(mustBeRefused);
    case 'repeat':
      return node.count > 0 && mustBeRefused(node.item);
    case 'nest':
      return mustBeRefused(node.inner);
    case 'number':
      return false;
  }
}

export const FORBIDDEN_KEYS = ['__proto__', 'constructor', 'prototype'];
