import fc from 'fast-check';
import { FORBIDDEN_KEYS, array, object, value, type JsonNode } from './json-text';

/** Code units and sequences that break naive string handling. */
export const NASTY_UNITS = [
  '\u0000', // NUL
  '\ud800', // lone high surrogate
  '\udfff', // lone low surrogate
  '\udc00\ud800', // surrogates in the wrong order
  '\u202e', // right-to-left override
  '\u200f', // right-to-left mark
  'שלום', // Hebrew
  'مرحبا', // Arabic
  '👩‍👩‍👧‍👦', // emoji with zero-width joiners
  '🇩🇰',
  '\ufeff', // byte order mark
  '\uffff',
  '\u2028', // line separator
  '\u0085',
  'æøå',
  '\n',
  '\r\n',
  '\t',
  '"',
  '\\',
  '/',
  '~1',
  '%00',
  '%',
  '${',
  "'; DROP TABLE events; --",
  '<script>',
  ' ',
];

const units = (nasty: readonly string[]) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
    { weight: 3, arbitrary: fc.constantFrom(...nasty) },
  );
const ANY_UNIT = units(NASTY_UNITS);
const NO_NUL_UNIT = units(NASTY_UNITS.filter((u) => !u.includes('\u0000'))).filter((u) => !u.includes('\u0000'));

/** A short string of any code points, lone surrogates, NUL, RTL and emoji included. */
export const nastyString = (maxLength = 12): fc.Arbitrary<string> => fc.string({ unit: ANY_UNIT, maxLength });

/** The same without NUL, which every body refuses: what a valid text field may hold. */
export const oddString = (maxLength = 12): fc.Arbitrary<string> => fc.string({ unit: NO_NUL_UNIT, maxLength });

/** Lengths around every limit of the schemas, and far beyond. */
export const LENGTHS = [199, 200, 201, 2047, 2048, 2049, 19_999, 20_000, 20_001, 100_000, 600_000];

export const longString: fc.Arbitrary<JsonNode> = fc
  .tuple(fc.constantFrom('x', 'æ', '👩‍👩‍👧', '\ud800', 'a\u0000', '"'), fc.constantFrom(...LENGTHS))
  .map(([u, count]) => ({ kind: 'long', unit: u, count: Math.ceil(count / u.length) }));

/**
 * Percent-encodes like encodeURIComponent, but a lone surrogate (which that refuses) becomes
 * the three bytes a careless encoder would write for it: %ED%A0%80 for \ud800.
 */
export function encodeLoosely(text: string): string {
  return text.replace(/[\s\S]/gu, (char) => {
    const code = char.codePointAt(0) as number;
    if (char.length === 1 && code >= 0xd800 && code <= 0xdfff) {
      return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join('');
    }
    return encodeURIComponent(char);
  });
}

const hex = (length: number, chars = '0123456789abcdef') =>
  fc.string({ unit: fc.constantFrom(...chars), minLength: length, maxLength: length });

export const validObjectId: fc.Arbitrary<string> = fc.oneof(hex(24), hex(24, '0123456789ABCDEF'));

/** Strings that are almost, or not at all, 24-hex ids. */
export const invalidObjectId: fc.Arbitrary<string> = fc.oneof(
  fc
    .integer({ min: 0, max: 40 })
    .filter((n) => n !== 24)
    .chain((n) => hex(n)),
  hex(23).map((id) => `${id}g`),
  hex(24).map((id) => ` ${id}`),
  hex(24).map((id) => `${id}\n`),
  hex(12).map((id) => `0x${id}`),
  fc.constantFrom('', '__proto__', 'constructor', 'null', 'undefined', '[object Object]', '0', '-1'),
  nastyString(30),
);

/** Date-time texts, valid and not, including leap seconds and instants beyond year 9999. */
export const dateText: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true })
      .map((d) => d.toISOString()),
  },
  fc.constantFrom(
    '2024-01-01T10:00:00+01', // an offset without minutes: RFC 3339 has it, Date.parse does not
    '2024-06-30T23:59:60Z', // a leap second: RFC 3339 has it, a JavaScript Date does not
    '2016-12-31T23:59:60.5Z',
    '2024-01-01T00:59:60+01:00',
    '9999-12-31T23:59:59-23:59', // after year 9999 once in UTC
    '0000-01-01T00:00:00+01:00', // before year 0 once in UTC
    '0000-01-01T00:00:00Z',
    '2024-01-01t10:00:00z',
    '2024-01-01 10:00:00Z',
    '2024-01-01T10:00:00.123456789123456789Z',
    '2024-02-30T10:00:00Z',
    '2024-01-01T24:00:00Z',
    '2024-01-01',
    '2024-01-01T10:00:00',
    '+010000-01-01T00:00:00.000Z',
    '-000001-01-01T00:00:00.000Z',
    'i går',
    '1700000000000',
    '',
  ),
);

/** Number literals, some of which no double holds exactly. */
export const numberLiteral: fc.Arbitrary<JsonNode> = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => value(n)),
  fc.integer().map((n) => value(n)),
  fc
    .constantFrom('1e400', '-1e400', '-0', '0.0', '1E2', '123456789012345678901234567890', '4.9e-324', '1e-400')
    .map((text): JsonNode => ({ kind: 'number', text })),
);

/** A value of any JSON type, shallow: the wrong type for almost every field. */
export const anyScalar: fc.Arbitrary<JsonNode> = fc.oneof(
  numberLiteral,
  fc.boolean().map((b) => value(b)),
  fc.constant(value(null)),
  nastyString().map((s) => value(s)),
  fc.constantFrom('42', 'true', 'null', '1e3', '[]', '{}', '0x1f').map((s) => value(s)),
);

/** Keys an allow-list must refuse, at any depth. */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...FORBIDDEN_KEYS) },
  fc.constantFrom('__proto__ ', 'Constructor', 'toString', 'hasOwnProperty', 'valueOf', '', 'a\u0000b', '$where'),
  nastyString(8),
);

/** Values that hurt: deep, wide, long, prototype-shaped, or of the wrong type. */
export const hostileValue: fc.Arbitrary<JsonNode> = fc.letrec<{ node: JsonNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 12, arbitrary: anyScalar },
    { weight: 1, arbitrary: longString },
    {
      weight: 1,
      arbitrary: fc
        .record({
          as: fc.constantFrom('array' as const, 'object' as const),
          depth: fc.oneof(
            { weight: 3, arbitrary: fc.integer({ min: 1, max: 100 }) },
            fc.constantFrom(1_000, 10_000, 100_000, 300_000),
          ),
          inner: fc.oneof(anyScalar, fc.constant(object([['__proto__', object([['polluted', value(true)]])]]))),
        })
        .map((n): JsonNode => ({ kind: 'nest', ...n })),
    },
    {
      weight: 1,
      arbitrary: fc
        .record({
          item: anyScalar,
          count: fc.oneof(
            { weight: 3, arbitrary: fc.constantFrom(0, 1, 101, 1_001) },
            fc.constantFrom(10_000, 200_000),
          ),
        })
        .map((n): JsonNode => ({ kind: 'repeat', ...n })),
    },
    { weight: 3, arbitrary: fc.array(tie('node'), { maxLength: 4 }).map(array) },
    {
      weight: 3,
      arbitrary: fc
        .array(fc.tuple(fc.oneof(hostileKey, nastyString(6)), tie('node')), { maxLength: 4 })
        .map((entries) => object(entries)),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        object([['__proto__', object([['polluted', value(true)]])]]),
        object([['constructor', object([['prototype', object([['polluted', value(true)]])]])]]),
        object([['prototype', object([['polluted', value(true)]])]]),
      ),
    },
  ),
})).node;

/** Visible Latin-1 text: what a header value can carry at all (no CR, LF or NUL). */
export const headerText = (maxLength = 40): fc.Arbitrary<string> =>
  fc.string({
    unit: fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)) },
      { weight: 1, arbitrary: fc.integer({ min: 0x80, max: 0xff }).map((c) => String.fromCharCode(c)) },
      { weight: 1, arbitrary: fc.constantFrom(' ', '\t') },
    ),
    maxLength,
  });

export const ifMatchHeader: fc.Arbitrary<string> = fc.oneof(
  fc.nat({ max: 60 }).map((n) => `"${n}"`),
  fc.nat({ max: 60 }).map((n) => `W/"${n}"`),
  fc.constantFrom('*', '""', '"-1"', '"1e3"', '"0x1"', '"99999999999999999999"', '"1", "2"', '0', '"0', 'W/', '" 1 "'),
  headerText(),
);

export const requestIdHeader: fc.Arbitrary<string> = fc.oneof(
  fc.stringMatching(/^[\w.:-]{1,128}$/),
  fc.constantFrom('x'.repeat(128), 'x'.repeat(129), 'a b', 'a/b', 'a;b', '<script>', '../../etc/passwd'),
  headerText(200),
);

export const idempotencyKeyHeader: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[\x21-\x7e]{1,200}$/) },
  fc.constantFrom('k'.repeat(200), 'k'.repeat(201), 'a b', 'æ'),
  headerText(220),
);

export const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json;charset=UTF-8',
  'APPLICATION/JSON',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/json; foo=bar; charset="utf-8"',
  'application/jsonx',
  'application/json-patch+json',
  'application/problem+json',
  'application/vnd.api+json',
  'text/plain',
  'text/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  '*/*',
  'json',
  '',
];

/** A Content-Type: mostly JSON, so that bodies reach validation; undefined sends none. */
export const contentType: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 30, arbitrary: fc.constant('application/json') },
  { weight: 3, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: headerText(30) },
);

/** A path segment where an id goes: valid, nearly valid, or hostile (encoded or not). */
export const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  invalidObjectId.map(encodeLoosely),
  invalidObjectId,
  fc.constantFrom(
    '%',
    '%zz',
    '%C0%AF',
    '%ED%A0%80', // an encoded lone surrogate
    '%00',
    '%2F',
    '%2e%2e',
    '..',
    '.',
    ';x=1',
    '%E2%80%AE',
    '0'.repeat(101),
    'a'.repeat(2_000),
    '%61'.repeat(24),
  ),
  fc.integer({ min: 25, max: 5_000 }).map((n) => 'f'.repeat(n)),
);

/** A query parameter value: numbers as text, huge, negative, encoded garbage, arrays. */
/** Numbers as query text: in range, at and past the bounds, and what no integer is. */
export const numberText: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: -5, max: 600 }).map(String),
  fc.constantFrom(
    '0',
    '-0',
    '1.0',
    '1.5',
    '1e2',
    '1e20',
    '1e400',
    '-1e400',
    'Infinity',
    '-Infinity',
    'NaN',
    '9007199254740991',
    '9007199254740993',
    '99999999999999999999999',
    '-9007199254740993',
    '0x10',
    '0b1',
    ' 1',
    '1 ',
    '+1',
    '',
  ),
);

export const queryValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: numberText },
  fc.constantFrom(
    'null',
    'true',
    '[]',
    '%',
    '%zz',
    '%00',
    '%C0%AF',
    '2024-06-30T23:59:60Z',
    '2024-01-01T10:00:00%2B01',
    '9999-12-31T23:59:59-23:59',
  ),
  dateText.map(encodeLoosely),
  validObjectId,
  nastyString(20).map(encodeLoosely),
  headerText(20),
);

export const queryKey = (known: readonly string[]): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...known) },
    fc.constantFrom('__proto__', 'constructor', 'prototype', '__proto__[polluted]', 'constructor[prototype][polluted]'),
    fc.constantFrom(...known).map((key) => `${key}[]`),
    fc.constantFrom(...known).map((key) => `${key}[a]`),
    fc.constantFrom('token', 'TOKEN', 'limit ', '%6cimit', ''),
    nastyString(8).map(encodeLoosely),
  );

/** A query string (with its `?`), from pairs of keys and values; keys may repeat. */
export const queryString = (known: readonly string[]): fc.Arbitrary<string> =>
  fc
    .array(fc.tuple(queryKey(known), queryValue), { maxLength: 4 })
    .map((pairs) => (pairs.length === 0 ? '' : `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`));
