import type { TSchema } from '@sinclair/typebox';
import { REPLACEABLE_FIELDS } from './inputs';
import { PERSONAL_FIELDS, withoutPersonalValues } from './personal-fields';
import { NOW, admin } from './testing/fixtures';
import { caseCreated } from './testing/events';
import { SupportCaseSchema, SupportCommentSchema, SupportResponseSchema } from './support-case';

/** The strings of a case that route, filter and sort: ids, dates, the device, versions and kinds; and an erasure's ground. */
const NOT_PERSONAL = new Set([
  '_id',
  'owner',
  'customer',
  'employee',
  'date',
  'lastUpdated',
  'device',
  'systemVersion',
  'playMakerVersion',
  'type',
  'reason',
]);

/** The dotted paths of every string in values of `schema`, `*` for each array's elements. */
function stringPaths(schema: TSchema, prefix = ''): string[] {
  if (schema.type === 'string') return [prefix];
  if (schema.type === 'array') return stringPaths(schema.items as TSchema, `${prefix}.*`);
  if (schema.type !== 'object') return [];
  return Object.entries(schema.properties as Record<string, TSchema>).flatMap(([name, property]) =>
    stringPaths(property, prefix ? `${prefix}.${name}` : name),
  );
}

const personalPaths = (schema: TSchema, prefix: string) =>
  stringPaths(schema, prefix).filter((path) => !NOT_PERSONAL.has(path.split('.').at(-1)!));

const sorted = (paths: readonly string[]) => [...paths].sort();

/** The values at a dotted path, `*` for each element of an array. */
function valuesAt(value: unknown, path: string): unknown[] {
  const [head, ...rest] = path.split('.');
  if (head === undefined || head === '') return value === undefined ? [] : [value];
  if (head === '*') return Array.isArray(value) ? value.flatMap((item) => valuesAt(item, rest.join('.'))) : [];
  if (typeof value !== 'object' || value === null) return [];
  return valuesAt((value as Record<string, unknown>)[head], rest.join('.'));
}

describe('PERSONAL_FIELDS', () => {
  it('names every string of a created case but its ids, dates, device, versions and kinds', () => {
    expect(sorted(PERSONAL_FIELDS.data.SupportCaseCreated)).toEqual(
      sorted(personalPaths(SupportCaseSchema, 'supportCase')),
    );
  });

  it('names every personal string an update replaces', () => {
    const replaced = personalPaths(SupportCaseSchema, 'changes').filter((path) =>
      (REPLACEABLE_FIELDS as readonly string[]).includes(path.split('.')[1]),
    );
    expect(sorted(PERSONAL_FIELDS.data.SupportCaseUpdated)).toEqual(sorted(replaced));
  });

  it("names every personal string of a response and of a comment, and of a comment's edit", () => {
    expect(sorted(PERSONAL_FIELDS.data.SupportCaseResponded)).toEqual(
      sorted(personalPaths(SupportResponseSchema, 'response')),
    );
    expect(sorted(PERSONAL_FIELDS.data.SupportCaseCommented)).toEqual(
      sorted(personalPaths(SupportCommentSchema, 'comment')),
    );
    expect(sorted(PERSONAL_FIELDS.data.SupportCaseCommentEdited)).toEqual(['comment', 'files.*.url']);
  });

  it('leaves no personal value in a case it takes them out of, and every other value', () => {
    const full = caseCreated({
      response: { answer: 'Reboot', author: 'Ada', date: NOW, employee: admin.employee, employeeName: 'Ada A' },
    }).data.supportCase;
    const left = withoutPersonalValues({ ...full, lastUpdated: NOW });

    const personalLeft = PERSONAL_FIELDS.data.SupportCaseCreated.flatMap((path) =>
      valuesAt({ supportCase: left }, path),
    );
    expect(personalLeft).toEqual([]);
    expect(
      PERSONAL_FIELDS.data.SupportCaseCreated.flatMap((path) => valuesAt({ supportCase: full }, path)),
    ).not.toEqual([]);
    expect(left).toEqual(
      expect.objectContaining({ _id: full._id, owner: full.owner, customer: full.customer, date: full.date }),
    );
    expect(left.comments.map((comment) => comment._id)).toEqual(full.comments.map((comment) => comment._id));
  });

  it("names the actor's names in every event's metadata, not its ids", () => {
    expect(sorted(PERSONAL_FIELDS.metadata)).toEqual(['actor.customerName', 'actor.employeeName']);
  });
});
