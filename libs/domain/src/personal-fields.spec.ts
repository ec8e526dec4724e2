import type { TSchema } from '@sinclair/typebox';
import { REPLACEABLE_FIELDS } from './inputs';
import { PERSONAL_FIELDS } from './personal-fields';
import { SupportCaseSchema, SupportCommentSchema, SupportResponseSchema } from './support-case';

/** The strings of a case that route, filter and sort: ids, dates, the device, versions and kinds. */
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

  it("names the actor's names in every event's metadata, not its ids", () => {
    expect(sorted(PERSONAL_FIELDS.metadata)).toEqual(['actor.customerName', 'actor.employeeName']);
  });
});
