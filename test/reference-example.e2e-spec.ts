import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ServiceUnderTest } from './support/service-under-test';
import { SupportCaseClient } from './support/support-case-client';

/** The platform's reference page of the update endpoint, kept as published. */
const REFERENCE_PAGE = resolve(__dirname, 'fixtures/supportcase-update.txt');

/**
 * The JSON document printed after "Example - normal". As printed it is not valid JSON: a
 * comma is missing between the `files` array and `"comments"`; this mends exactly that.
 */
function referenceExample(): Record<string, any> {
  const page = readFileSync(REFERENCE_PAGE, 'utf8');
  const afterHeading = page.slice(page.indexOf('Example - normal') + 'Example - normal'.length);
  const printed = afterHeading.slice(afterHeading.indexOf('{'), afterHeading.indexOf('\nErrors')).trim();
  expect(() => JSON.parse(printed)).toThrow(SyntaxError);
  const mended = printed.replace(/\]\s*"comments"/, '], "comments"');
  expect(mended).not.toBe(printed);
  return JSON.parse(mended);
}

const HEX_ID = /^[0-9a-f]{24}$/i;

/** The example as the service emits it: ids in lower case, everything else as given. */
function withLowerCaseIds<T>(value: T): T {
  if (typeof value === 'string') return (HEX_ID.test(value) ? value.toLowerCase() : value) as T;
  if (Array.isArray(value)) return value.map(withLowerCaseIds) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, withLowerCaseIds(v)])) as T;
  }
  return value;
}

describe('the reference page example document (over HTTP)', () => {
  let service: ServiceUnderTest;
  let admin: SupportCaseClient;
  let example: Record<string, any>;

  beforeAll(async () => {
    service = await ServiceUnderTest.start();
    admin = new SupportCaseClient(service, await service.token({ accessLevel: 'ADMIN', name: 'Ada Admin' }));
    example = referenceExample();
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('is the document the page shows, with every documented field', () => {
    expect(example._id).toBe('1234567890ABCDEF12345678');
    expect(Object.keys(example)).toEqual([
      '_id',
      'name',
      'description',
      'customer',
      'customerName',
      'employee',
      'employeeName',
      'solved',
      'date',
      'lastUpdated',
      'device',
      'systemVersion',
      'playMakerVersion',
      'privateInformation',
      'files',
      'comments',
    ]);
    expect(example.comments).toHaveLength(1);
    expect(example.files).toHaveLength(1);
  });

  it('goes in through create and comes back with the same values; lastUpdated is the server’s', async () => {
    const expected = withLowerCaseIds(example);
    const before = Date.now();

    const created = await admin.create(example);

    expect(created.status).toBe(200);
    expect(created.headers.get('etag')).toBe('"0"');
    expect(created.body).toEqual({ ...expected, lastUpdated: expect.any(String) });
    expect(created.body._id).toBe('1234567890abcdef12345678');
    expect(created.body.lastUpdated).not.toBe(example.lastUpdated);
    expect(Date.parse(created.body.lastUpdated)).toBeGreaterThanOrEqual(before);

    const fetched = await admin.projected(example._id);
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get('etag')).toBe('"0"');
    expect(fetched.body).toEqual(created.body);
  });

  describe.each([
    ['without _id', (_id: string) => ({})],
    ['with _id equal to the path id in upper case', (id: string) => ({ _id: id.toUpperCase() })],
  ])('as the body of an update %s', (_label, idPart) => {
    it('gives a case created with only a name the same values, but the server keeps date and lastUpdated', async () => {
      const original = await admin.created({ name: 'Ny sag' });
      const { _id: _ignored, ...exampleWithoutId } = example;
      const body = { ...exampleWithoutId, ...idPart(original._id) };

      const updated = await admin.update(original._id, body);

      expect(updated.status).toBe(200);
      expect(updated.headers.get('etag')).not.toBe('"0"');
      const expected = {
        ...withLowerCaseIds(exampleWithoutId),
        _id: original._id,
        date: original.date,
        lastUpdated: expect.any(String),
      };
      expect(updated.body).toEqual(expected);
      expect(updated.body.date).not.toBe(example.date);
      expect(updated.body.lastUpdated).not.toBe(example.lastUpdated);
      expect(Date.parse(updated.body.lastUpdated)).toBeGreaterThanOrEqual(Date.parse(original.lastUpdated));

      const fetched = await admin.projected(original._id);
      expect(fetched.status).toBe(200);
      expect(fetched.body).toEqual(updated.body);
    });
  });
});
