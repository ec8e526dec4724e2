import fc from 'fast-check';
import {
  anyScalar,
  dateText,
  hostileKey,
  hostileValue,
  invalidObjectId,
  longString,
  nastyString,
  oddString,
  validObjectId,
} from './hostile';
import { array, fromValue, object, render, value, type JsonNode } from './json-text';

/**
 * Bodies for the support case endpoints, biased towards invalid ones: each documented field is
 * sometimes valid and sometimes hostile, and whole bodies are sometimes of the wrong shape.
 * A body that happens to be valid is allowed to succeed; the suites account for it.
 */

/** Mostly a valid value, now and then a near miss. */
const mostly = <T>(valid: fc.Arbitrary<T>, nearMiss: fc.Arbitrary<T>): fc.Arbitrary<T> =>
  fc.oneof({ weight: 15, arbitrary: valid }, nearMiss);

const device = mostly(
  fc.constantFrom('ANDROID', 'IOS', 'CROMEMAC', 'CHROMEMAC', 'OTHER'),
  fc.constantFrom('NOKIA', 'ios', '', 'CHROMEMAC '),
);

/** How a field's value is drawn: from its valid domain (edge cases included), or hostile too. */
type Field = (valid: fc.Arbitrary<JsonNode>) => fc.Arbitrary<JsonNode>;

const nearValid: Field = (valid) => valid;
const hostile: Field = (valid) => fc.oneof({ weight: 3, arbitrary: valid }, { weight: 2, arbitrary: hostileValue });

/** Text of odd code points; now and then with a NUL, which any body is refused for. */
const text = (maxLength = 12, minLength = 0) =>
  fc
    .oneof({ weight: 12, arbitrary: oddString(maxLength) }, nastyString(maxLength))
    .filter((t) => t.length >= minLength)
    .map(value);
const nullable = (arb: fc.Arbitrary<JsonNode>) => fc.oneof({ weight: 4, arbitrary: arb }, fc.constant(value(null)));
const id = mostly(validObjectId, invalidObjectId).map(value);
const date = dateText.map(value);

/** Optional entries: each key present or not, in a generated order, sometimes twice. */
function entries(
  fields: Record<string, fc.Arbitrary<JsonNode>>,
  required: readonly string[] = [],
): fc.Arbitrary<Array<[string, JsonNode]>> {
  const optional = Object.fromEntries(
    Object.entries(fields).map(([key, arb]) => [key, required.includes(key) ? arb : fc.option(arb, { freq: 2 })]),
  );
  return fc
    .record(optional)
    .map((chosen) => Object.entries(chosen).filter((entry): entry is [string, JsonNode] => entry[1] !== null))
    .chain((present) => {
      // A key given twice, with its own value or another: JSON.parse keeps the last one.
      const again: fc.Arbitrary<Array<[string, JsonNode]>> =
        present.length === 0
          ? fc.constant([])
          : fc.oneof(
              { weight: 3, arbitrary: fc.constant<Array<[string, JsonNode]>>([]) },
              fc
                .tuple(
                  fc.constantFrom(...present.map(([key]) => key)),
                  fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...present.map(([, node]) => node)) }, anyScalar),
                )
                .map((entry) => [entry]),
            );
      return again.chain((twice) =>
        fc.shuffledSubarray([...present, ...twice], { minLength: present.length + twice.length }),
      );
    });
}

/** Entries no allow-list accepts, mixed into an object at any position. */
const extraEntries = fc.array(fc.tuple(hostileKey, hostileValue), { maxLength: 2 });

function withExtras(arb: fc.Arbitrary<Array<[string, JsonNode]>>, extraWeight = 1): fc.Arbitrary<JsonNode> {
  const extras: fc.Arbitrary<Array<[string, JsonNode]>> =
    extraWeight === 0
      ? fc.constant<Array<[string, JsonNode]>>([])
      : fc.oneof(
          { weight: 4, arbitrary: fc.constant<Array<[string, JsonNode]>>([]) },
          { weight: extraWeight, arbitrary: extraEntries },
        );
  return fc
    .tuple(arb, extras)
    .chain(([own, extra]) => fc.shuffledSubarray([...own, ...extra], { minLength: own.length + extra.length }))
    .map((all) => object(all as Array<[string, JsonNode]>));
}

/** Near valid objects hold only their own keys; hostile ones sometimes others too. */
const extrasFor = (field: Field) => (field === nearValid ? 0 : 1);

const file = (field: Field) =>
  withExtras(
    entries(
      {
        _id: id,
        id,
        url: field(
          mostly(
            fc.oneof(fc.webUrl({ validSchemes: ['https', 'http'] }), fc.constant('HTTPS://X.DK/A')),
            fc.constantFrom('javascript:alert(1)', 'https://', 'ftp://x.dk/a', '//x.dk'),
          ).map(value),
        ),
        type: field(mostly(fc.constantFrom('IMAGE', 'DOC'), fc.constantFrom('VIDEO', 'image')).map(value)),
      },
      ['url', 'type'],
    ),
    extrasFor(field),
  );
const files = (field: Field) => field(fc.array(file(field), { maxLength: 3 }).map(array));

const response = (field: Field) =>
  withExtras(
    entries(
      {
        answer: field(text(20)),
        author: field(text()),
        date: field(date),
        employee: field(id),
        employeeName: field(text()),
      },
      ['answer'],
    ),
    extrasFor(field),
  );

const comment = (field: Field) =>
  withExtras(
    entries(
      {
        _id: field(id),
        comment: field(text(20)),
        date: field(date),
        customer: field(id),
        customerName: field(text()),
        employee: field(id),
        employeeName: field(text()),
        isSupport: field(fc.boolean().map(value)),
        files: files(field),
      },
      ['comment'],
    ),
    extrasFor(field),
  );

const supportCaseFields = (field: Field, caseIds: readonly string[]) => ({
  _id: field(fc.oneof(id, caseIds.length > 0 ? fc.constantFrom(...caseIds).map(value) : id)),
  name: field(fc.oneof({ weight: 12, arbitrary: text(30, 1) }, longString)),
  description: field(nullable(fc.oneof({ weight: 4, arbitrary: text(30) }, longString))),
  customer: field(nullable(id)),
  customerName: field(nullable(text())),
  employee: field(nullable(id)),
  employeeName: field(nullable(text())),
  solved: field(fc.boolean().map(value)),
  date: field(date),
  lastUpdated: field(date),
  device: field(nullable(device.map(value))),
  systemVersion: field(nullable(text())),
  playMakerVersion: field(nullable(text())),
  privateInformation: field(nullable(fc.oneof({ weight: 4, arbitrary: text(30) }, longString))),
  response: field(nullable(response(field))),
  files: field(nullable(fc.array(file(field), { maxLength: 3 }).map(array))),
  comments: field(fc.array(comment(field), { maxLength: 3 }).map(array)),
});

/** A whole body of the wrong shape: arrays for objects, scalars, a valid body wrapped. */
const wrongShape = (inner: fc.Arbitrary<JsonNode>): fc.Arbitrary<JsonNode> =>
  fc.oneof(
    anyScalar,
    inner.map((node) => array([node])),
    inner.map((node) => value(render(node))),
    hostileValue,
  );

/** A body's text and the tree it came from (undefined for text that is not JSON). */
export interface GeneratedBody {
  text: string;
  tree?: JsonNode;
}

/** JSON text that is almost JSON, or not at all. */
const brokenText = (inner: fc.Arbitrary<JsonNode>): fc.Arbitrary<string> =>
  fc.oneof(
    inner.chain((node) => {
      const whole = render(node);
      return fc.nat({ max: Math.max(0, whole.length - 1) }).map((cut) => whole.slice(0, cut));
    }),
    inner.map((node) => `${render(node)}${render(node)}`),
    inner.map((node) => `\ufeff${render(node)}`),
    inner.map((node) => `${render(node)}\u0000`),
    inner.map((node) => render(node).replace(/"/g, "'")),
    fc.constantFrom('', ' ', 'null', 'undefined', '{', '}', '{"name":"x",}', "{name:'x'}", 'NaN', '[,]', '\u0000'),
    nastyString(40),
  );

function bodies(inner: fc.Arbitrary<JsonNode>): fc.Arbitrary<GeneratedBody> {
  return fc.oneof(
    { weight: 10, arbitrary: inner.map((tree) => ({ text: render(tree), tree })) },
    { weight: 1, arbitrary: wrongShape(inner).map((tree) => ({ text: render(tree), tree })) },
    { weight: 1, arbitrary: brokenText(inner).map((text) => ({ text })) },
  );
}

/** An object of the given fields: near valid (three in five), or with hostile values and keys. */
const objectOf = (fields: (field: Field) => Record<string, fc.Arbitrary<JsonNode>>, required: string[] = []) =>
  fc.oneof(
    { weight: 3, arbitrary: withExtras(entries(fields(nearValid), required), 0) },
    { weight: 2, arbitrary: withExtras(entries(fields(hostile), required)) },
  );

/**
 * Bodies for create (`name` required, `_id` sometimes naming one of `caseIds`) and update
 * (no `_id`: one that differs from the path's is refused, which would leave few valid bodies).
 */
export const createBody = (caseIds: readonly string[]): fc.Arbitrary<GeneratedBody> =>
  bodies(objectOf((field) => supportCaseFields(field, caseIds), ['name']));

export const updateBody: fc.Arbitrary<GeneratedBody> = bodies(
  objectOf((field) => {
    const { _id: _ignored, ...fields } = supportCaseFields(field, []);
    return fields;
  }),
);

/** Bodies for adding a comment: `{comment, files?}`. */
export const commentBody: fc.Arbitrary<GeneratedBody> = bodies(
  objectOf(
    (field) => ({ comment: field(fc.oneof({ weight: 4, arbitrary: text(30) }, longString)), files: files(field) }),
    ['comment'],
  ),
);

/** Any body at all, for endpoints that take none. */
export const strayBody: fc.Arbitrary<GeneratedBody> = bodies(hostileValue);

export { fromValue };
