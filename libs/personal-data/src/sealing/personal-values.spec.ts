import { PersonalValues, type EventParts, type PersonalFieldPaths } from './personal-values';

/** Personal fields of a made-up case stream: names and free text, at every kind of path. */
const FIELDS: PersonalFieldPaths = {
  data: {
    CaseOpened: ['case.name', 'case.tags.*', 'case.comments.*.text', 'case.comments.*.files.*.url'],
    CaseRenamed: ['name'],
    CaseClosed: [],
  },
  metadata: ['actor.employeeName', 'actor.customerName'],
};

const values = new PersonalValues(FIELDS);

/** Marks a value with where it sits, so an expectation shows which value was changed at which path. */
const marked = (value: string, path: string) => `<${path}:${value}>`;

function event(type: string, data: unknown, metadata: Record<string, unknown> = {}): EventParts {
  return { type, data, metadata };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

describe('PersonalValues', () => {
  describe('map', () => {
    it('changes the values at the paths of the event’s type and in its metadata, and nothing else', () => {
      const opened = event(
        'CaseOpened',
        { caseId: 'case-1', status: 'open', case: { name: 'Ada Lovelace', priority: 'high' } },
        { actor: { employeeId: 'emp-7', employeeName: 'Grace Hopper' }, correlationId: 'corr-1' },
      );

      expect(values.map(opened, marked)).toEqual(
        event(
          'CaseOpened',
          { caseId: 'case-1', status: 'open', case: { name: '<data.case.name:Ada Lovelace>', priority: 'high' } },
          {
            actor: { employeeId: 'emp-7', employeeName: '<metadata.actor.employeeName:Grace Hopper>' },
            correlationId: 'corr-1',
          },
        ),
      );
    });

    it('changes every element of an array, and of arrays within arrays, naming each by its index', () => {
      const opened = event('CaseOpened', {
        case: {
          tags: ['vip', 'angry'],
          comments: [
            { id: 'c-0', text: 'first', files: [] },
            {
              id: 'c-1',
              text: 'second',
              files: [
                { url: 'https://files.example/a.png', size: 10 },
                { url: 'https://files.example/b.png', size: 20 },
              ],
            },
          ],
        },
      });

      expect(values.map(opened, marked).data).toEqual({
        case: {
          tags: ['<data.case.tags.0:vip>', '<data.case.tags.1:angry>'],
          comments: [
            { id: 'c-0', text: '<data.case.comments.0.text:first>', files: [] },
            {
              id: 'c-1',
              text: '<data.case.comments.1.text:second>',
              files: [
                { url: '<data.case.comments.1.files.0.url:https://files.example/a.png>', size: 10 },
                { url: '<data.case.comments.1.files.1.url:https://files.example/b.png>', size: 20 },
              ],
            },
          ],
        },
      });
    });

    it('hands the change each value with its concrete path, in data and in metadata', () => {
      const change = jest.fn((value: string) => value.toUpperCase());

      values.map(
        event(
          'CaseOpened',
          { case: { name: 'Ada', comments: [{ files: [] }, { files: [{ url: 'u' }] }] } },
          { actor: { customerName: 'Charles' } },
        ),
        change,
      );

      expect(change.mock.calls).toEqual([
        ['Ada', 'data.case.name'],
        ['u', 'data.case.comments.1.files.0.url'],
        ['Charles', 'metadata.actor.customerName'],
      ]);
    });

    it('leaves absent values, null values and values that are not strings alone', () => {
      const change = jest.fn(marked);
      const data = {
        case: {
          name: null,
          tags: [1, null, true, { nested: 'x' }, ['y']],
          comments: [null, 'a comment as text', { text: 42, files: 'not an array' }, { files: [null, { url: 7 }] }],
        },
      };
      const metadata = { actor: { employeeName: null, customerName: { first: 'Ada' } } };

      const unchanged = values.map(event('CaseOpened', data, metadata), change);

      expect(unchanged.data).toEqual(data);
      expect(unchanged.metadata).toEqual(metadata);
      expect(change).not.toHaveBeenCalled();
    });

    it('leaves data alone where an array is found in place of an object, or an object in place of an array', () => {
      const change = jest.fn(marked);
      const data = { case: [{ name: 'in an array' }] };
      const tagsAsObject = { case: { tags: { 0: 'vip' } } };

      expect(values.map(event('CaseOpened', data), change).data).toEqual(data);
      expect(values.map(event('CaseOpened', tagsAsObject), change).data).toEqual(tagsAsObject);
      expect(values.map(event('CaseOpened', 'just text'), change).data).toBe('just text');
      expect(change).not.toHaveBeenCalled();
    });

    it('leaves the data of an event type it does not know alone, but changes its metadata', () => {
      const unknown = event('SomethingElse', { name: 'Ada Lovelace' }, { actor: { employeeName: 'Grace Hopper' } });

      const changed = values.map(unknown, marked);

      expect(changed.data).toBe(unknown.data);
      expect(changed.metadata).toEqual({ actor: { employeeName: '<metadata.actor.employeeName:Grace Hopper>' } });
    });

    it('uses only the paths of the event’s own type', () => {
      const renamed = event('CaseRenamed', { name: 'Ada', case: { name: 'Not a path of this type' } });

      expect(values.map(renamed, marked).data).toEqual({
        name: '<data.name:Ada>',
        case: { name: 'Not a path of this type' },
      });
    });

    it('does not change the event it is given', () => {
      const given = deepFreeze(
        event(
          'CaseOpened',
          { case: { name: 'Ada', comments: [{ text: 'hi', files: [{ url: 'u' }] }] } },
          { actor: { employeeName: 'Grace' } },
        ),
      );
      const copy = structuredClone(given);

      const changed = values.map(given, marked);

      expect(given).toEqual(copy);
      expect(changed).not.toEqual(copy);
    });

    it('shares the parts it leaves as they were', () => {
      const details = { priority: 'high', labels: ['a'] };
      const given = event('CaseOpened', { case: { name: 'Ada', details } });

      const changed = values.map(given, marked).data as { case: { details: unknown } };

      expect(changed.case.details).toBe(details);
    });

    it('shares an array a `*` path runs over when nothing in it changed', () => {
      const comments = [{ id: 'c-0', files: [] }];
      const given = event('CaseOpened', { case: { name: 'Ada', comments } });

      const changed = values.map(given, marked).data as { case: { comments: unknown } };

      expect(changed.case.comments).toBe(comments);
    });

    it('keeps the order of an object’s keys when several of its values change', () => {
      const given = event('CaseOpened', { case: { tags: ['vip'], id: 'case-1', name: 'Ada', status: 'open' } });

      const changed = values.map(given, marked).data as { case: object };

      expect(Object.keys(changed.case)).toEqual(['tags', 'id', 'name', 'status']);
    });

    it('keeps the event’s other properties', () => {
      const recorded = { ...event('CaseRenamed', { name: 'Ada' }), streamId: 'case-1', revision: 3 };

      expect(values.map(recorded, marked)).toEqual({ ...recorded, data: { name: '<data.name:Ada>' } });
    });

    it('returns the very event given when it holds no personal value', () => {
      const withNone = [
        event('CaseClosed', { reason: 'done' }, { actor: { employeeId: 'emp-7' } }),
        event('CaseOpened', { case: { priority: 'high' } }),
        event('SomethingElse', { name: 'not personal here' }, {}),
      ];

      for (const given of withNone) expect(values.map(given, marked)).toBe(given);
    });

    it('returns the very event given when arrays under `*` paths hold no personal value', () => {
      const given = event('CaseOpened', { case: { priority: 'high', tags: [], comments: [{ id: 'c-0' }] } });

      expect(values.map(given, marked)).toBe(given);
    });

    it('returns the very event given when the change gives every value back as it was', () => {
      const given = event('CaseRenamed', { name: 'Ada' }, { actor: { employeeName: 'Grace' } });

      expect(values.map(given, (value) => value)).toBe(given);
    });
  });

  describe('map, with a change that answers undefined', () => {
    const takenOut = () => undefined;

    it('takes each personal value out, nested and inside `*` arrays, in data and in metadata, keeping the rest', () => {
      const given = event(
        'CaseOpened',
        {
          caseId: 'case-1',
          case: {
            name: 'Ada Lovelace',
            priority: 'high',
            comments: [
              { id: 'c-0', text: 'first', files: [] },
              {
                id: 'c-1',
                text: 'second',
                files: [
                  { url: 'https://files.example/a.png', size: 10 },
                  { url: 'https://files.example/b.png', size: 20 },
                ],
              },
            ],
          },
        },
        { actor: { employeeId: 'emp-7', employeeName: 'Grace Hopper', customerName: 'Charles' }, correlationId: 'c' },
      );

      const changed = values.map(given, takenOut);

      expect(changed).toStrictEqual(
        event(
          'CaseOpened',
          {
            caseId: 'case-1',
            case: {
              priority: 'high',
              comments: [
                { id: 'c-0', files: [] },
                { id: 'c-1', files: [{ size: 10 }, { size: 20 }] },
              ],
            },
          },
          { actor: { employeeId: 'emp-7' }, correlationId: 'c' },
        ),
      );
      expect(Object.keys(changed.data as object)).toEqual(['caseId', 'case']);
      expect('name' in (changed.data as { case: object }).case).toBe(false);
    });

    it('leaves an element of a `*` array that is a value itself undefined, so the others keep their indexes', () => {
      const given = event('CaseOpened', { case: { tags: ['vip', 'angry', 'late'] } });

      const changed = values.map(given, (value) => (value === 'angry' ? undefined : value));

      expect((changed.data as { case: { tags: unknown[] } }).case.tags).toStrictEqual(['vip', undefined, 'late']);
    });

    it('takes out only the values the change answers undefined for, and changes the others', () => {
      const given = event(
        'CaseOpened',
        { case: { name: 'Ada', comments: [{ text: 'first' }, { text: 'second' }] } },
        { actor: { employeeName: 'Grace' } },
      );

      const changed = values.map(given, (value, path) =>
        path === 'data.case.comments.0.text' ? undefined : marked(value, path),
      );

      expect(changed).toStrictEqual(
        event(
          'CaseOpened',
          { case: { name: '<data.case.name:Ada>', comments: [{}, { text: '<data.case.comments.1.text:second>' }] } },
          { actor: { employeeName: '<metadata.actor.employeeName:Grace>' } },
        ),
      );
    });

    it('does not change the event it is given, and shares the parts it leaves as they were', () => {
      const details = { priority: 'high', labels: ['a'] };
      const given = deepFreeze(
        event(
          'CaseOpened',
          { case: { name: 'Ada', details, comments: [{ text: 'hi', files: [{ url: 'u' }] }] } },
          { actor: { employeeName: 'Grace' } },
        ),
      );
      const copy = structuredClone(given);

      const changed = values.map(given, takenOut);

      expect(given).toEqual(copy);
      expect(changed).not.toEqual(copy);
      expect((changed.data as { case: { details: unknown } }).case.details).toBe(details);
    });

    it('returns the very event given when it holds no personal value', () => {
      const given = event('CaseClosed', { reason: 'done' }, { actor: { employeeId: 'emp-7' } });

      expect(values.map(given, takenOut)).toBe(given);
    });
  });

  describe('valuesOf', () => {
    it('lists every personal value of the event with its path', () => {
      const given = event(
        'CaseOpened',
        { case: { name: 'Ada', tags: ['vip'], comments: [{ text: 'hi', files: [{ url: 'u' }] }] } },
        { actor: { employeeName: 'Grace', customerName: null } },
      );

      expect(values.valuesOf(given)).toEqual([
        { value: 'Ada', path: 'data.case.name' },
        { value: 'vip', path: 'data.case.tags.0' },
        { value: 'hi', path: 'data.case.comments.0.text' },
        { value: 'u', path: 'data.case.comments.0.files.0.url' },
        { value: 'Grace', path: 'metadata.actor.employeeName' },
      ]);
    });
  });
});
