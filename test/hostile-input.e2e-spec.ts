import fc from 'fast-check';
import { ERROR_CODES } from '@lib/http';
import { sqliteFile } from '../apps/supportcase-service/src/config/service-config';
import {
  headerText,
  hostileSegment,
  idempotencyKeyHeader,
  ifMatchHeader,
  contentType,
  dateText,
  queryString,
  numberText,
  queryValue,
  requestIdHeader,
  validObjectId,
} from './support/arbitraries/hostile';
import { mustBeRefused } from './support/arbitraries/json-text';
import { EventLog, LEAK, exchange, hostileContentIn, prototypeKeys, type Exchange } from './support/arbitraries/probes';
import { errorsOf, matches, validDocument, validHistory, validPage } from './support/arbitraries/response-schemas';
import {
  commentBody,
  createBody,
  strayBody,
  updateBody,
  type GeneratedBody,
} from './support/arbitraries/support-case-bodies';
import { ServiceUnderTest, newId } from './support/service-under-test';

/*
 * Property-based: thousands of generated requests against the real service, each endpoint
 * with hostile paths, queries, headers and bodies. Whatever arrives:
 *
 *  - the answer is never a 5xx;
 *  - every 4xx is application/problem+json with a platform `error` code, and shows no stack
 *    trace and no path of this machine;
 *  - a refused request stores nothing: the event store's global log keeps its length;
 *  - an accepted request (a generated body may happen to be valid) stores exactly what its
 *    endpoint stores (create, comment and remove one event each, update as many as changed,
 *    reads none), answers a document exactly as documented, and nothing it stored holds a
 *    prototype key or a NUL;
 *  - a body holding `__proto__`/`constructor`/`prototype` keys or a NUL anywhere is never
 *    accepted;
 *  - no global prototype gains a key.
 *
 * A failure prints fast-check's seed and path; FC_SEED=<seed> replays a run. HOSTILE_STATS=1
 * prints how many answers of each status each route gave.
 */

type Route = 'create' | 'list' | 'get' | 'update' | 'comment' | 'removeComment' | 'history';

const ID = '([0-9a-fA-F]{24})';
const ROUTES: Array<[string, RegExp, Route]> = [
  ['POST', /^\/iptv\/supportcase$/, 'create'],
  ['GET', /^\/iptv\/supportcase$/, 'list'],
  ['GET', new RegExp(`^/iptv/supportcase/${ID}$`), 'get'],
  ['POST', new RegExp(`^/iptv/supportcase/${ID}$`), 'update'],
  ['POST', new RegExp(`^/iptv/supportcase/${ID}/comment$`), 'comment'],
  ['DELETE', new RegExp(`^/iptv/supportcase/${ID}/comment/${ID}$`), 'removeComment'],
  ['GET', new RegExp(`^/iptv/supportcase/${ID}/history$`), 'history'],
];

/** The route of the API table a URL reaches, and the case it names; undefined for none. */
function routeOf(method: string, url: string): { route: Route; caseId?: string } | undefined {
  let path: string;
  try {
    path = decodeURIComponent(new URL(url).pathname);
  } catch {
    return undefined;
  }
  for (const [routeMethod, pattern, route] of ROUTES) {
    const match = routeMethod === method ? pattern.exec(path) : null;
    if (match) return { route, caseId: match[1]?.toLowerCase() };
  }
  return undefined;
}

/** The events one accepted request of each route stores: exactly, or (update) at least. */
const STORES: Record<Route, { exactly?: number; atLeast?: number }> = {
  create: { exactly: 1 },
  update: { atLeast: 0 },
  comment: { exactly: 1 },
  removeComment: { exactly: 1 },
  get: { exactly: 0 },
  list: { exactly: 0 },
  history: { exactly: 0 },
};

interface Attempt {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  headers: Record<string, string>;
  body?: GeneratedBody;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;
/** What fetch sends of a header value: without surrounding spaces and tabs. */
const sent = (header: string) => header.replace(/^[ \t]+|[ \t]+$/g, '');

const RUNS = {
  create: 500,
  update: 500,
  comment: 400,
  removeComment: 300,
  get: 400,
  list: 400,
  history: 300,
  asOf: 300,
};
const SEED = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);

class PropertyFailure extends Error {}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new PropertyFailure(message);
}

describe('hostile input over HTTP (property-based)', () => {
  let sut: ServiceUnderTest;
  let log: EventLog;
  let prototypesBefore: Record<string, string[]>;
  let adminToken: string;
  let resellerToken: string;
  let expiredToken: string;
  const caseIds: string[] = [];
  /** [case id, comment id] of the comments the targets were opened with (a run may remove them). */
  const commentsOf: Array<[string, string]> = [];
  /** Idempotency keys sent so far: a second request with one may be answered from the first. */
  const keysSent = new Set<string>();
  const statuses: Record<string, Record<number, number>> = {};

  beforeAll(async () => {
    prototypesBefore = prototypeKeys();
    sut = await ServiceUnderTest.start();
    adminToken = await sut.token({ accessLevel: 'ADMIN', name: 'Ada Admin' });
    expiredToken = await sut.token({ accessLevel: 'ADMIN' }, '-1h');
    for (let i = 0; i < 4; i++) {
      const reply = await sut.request('POST', '/iptv/supportcase', {
        token: adminToken,
        body: {
          name: `Target ${i}`,
          privateInformation: 'kun for os',
          response: { answer: 'Genstart boksen' },
          comments: Array.from({ length: 50 }, (_, n) => ({ comment: `kommentar ${n}` })),
        },
      });
      expect(reply.status).toBe(200);
      caseIds.push(reply.body._id);
      for (const comment of reply.body.comments) commentsOf.push([reply.body._id, comment._id]);
    }
    resellerToken = await sut.token({
      accessLevel: 'RESELLER',
      customer: newId(),
      customerFeatures: ['IPTVBUSINESS'],
      employeeFeatures: ['PLAYMAKERSTATUS'],
    });
    const own = await sut.request('POST', '/iptv/supportcase', { token: resellerToken, body: { name: 'Own' } });
    expect(own.status).toBe(200);
    caseIds.push(own.body._id);
    log = new EventLog(sqliteFile(sut.config));
  });

  afterAll(async () => {
    log?.close();
    await sut?.stop();
    if (process.env.HOSTILE_STATS) console.log(JSON.stringify(statuses));
  });

  // ---- generators -------------------------------------------------------------------------

  /** How a request carries its credential. */
  interface Credential {
    authorization?: string;
    cookie?: string;
    queryToken?: string;
  }

  /** Who asks: mostly a valid ADMIN or RESELLER token, sometimes a hostile credential. */
  const auth = (): fc.Arbitrary<Credential> =>
    fc.oneof(
      { weight: 10, arbitrary: fc.constant({ authorization: `Bearer ${adminToken}` }) },
      { weight: 2, arbitrary: fc.constant({ authorization: `Bearer ${resellerToken}` }) },
      {
        weight: 2,
        arbitrary: fc.oneof(
          fc
            .constantFrom(
              `Bearer ${adminToken}x`,
              `Bearer ${adminToken.slice(0, -3)}`,
              `bearer \t${adminToken}`,
              `Bearer ${adminToken} ${adminToken}`,
              `Bearer ${expiredToken}`,
              'Bearer',
              'Basic YWRtaW46YWRtaW4=',
            )
            .map((authorization) => ({ authorization })),
          headerText(80).map((authorization) => ({ authorization })),
          fc
            .constantFrom(`token=${adminToken}; token=x`, 'token=%zz', 'token=', `token="${adminToken}"`, 'token')
            .map((cookie) => ({ cookie })),
          headerText(80).map((cookie) => ({ cookie })),
          fc.oneof(queryValue, fc.constant(`${adminToken}x`)).map((queryToken) => ({ queryToken })),
        ),
      },
    );

  /** Now and then a header's value, valid or not. */
  const sometimes = (arbitrary: fc.Arbitrary<string>) =>
    fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, arbitrary);

  /** Headers every request may carry, valid or not. */
  const commonHeaders = fc
    .record({
      'x-request-id': sometimes(requestIdHeader),
      'if-match': sometimes(ifMatchHeader),
      'idempotency-key': sometimes(idempotencyKeyHeader),
      accept: sometimes(fc.constantFrom('application/json', '*/*', 'text/html', 'application/xml', '')),
    })
    .map(
      (headers) =>
        Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined)) as Record<string, string>,
    );

  /** A case id where one goes: mostly existing cases, sometimes missing or hostile segments. */
  const caseSegment = () =>
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...caseIds) },
      { weight: 1, arbitrary: fc.constantFrom(...caseIds).map((id) => id.toUpperCase()) },
      { weight: 1, arbitrary: validObjectId },
      { weight: 3, arbitrary: hostileSegment },
    );

  function attempt(
    method: Attempt['method'],
    path: fc.Arbitrary<string>,
    query: fc.Arbitrary<string>,
    body: fc.Arbitrary<GeneratedBody | undefined> = fc.constant(undefined),
  ): fc.Arbitrary<Attempt> {
    // A third of the requests come in a proper envelope (a valid token, JSON, no conditions),
    // so that what is hostile in their path, query or body is what decides their fate.
    const envelope = fc.oneof(
      {
        weight: 1,
        arbitrary: fc.record({
          auth: fc.oneof(
            { weight: 3, arbitrary: fc.constant<Credential>({ authorization: `Bearer ${adminToken}` }) },
            fc.constant<Credential>({ authorization: `Bearer ${resellerToken}` }),
          ),
          headers: fc.constant<Record<string, string>>({}),
          type: fc.constant<string | undefined>('application/json'),
        }),
      },
      { weight: 2, arbitrary: fc.record({ auth: auth(), headers: commonHeaders, type: contentType }) },
    );
    return fc
      .tuple(fc.record({ path, query, body }), envelope)
      .map(([{ path, query, body }, { auth, headers, type }]) => {
        const all: Record<string, string> = { ...headers };
        if (auth.authorization !== undefined) all.authorization = auth.authorization;
        if (auth.cookie !== undefined) all.cookie = auth.cookie;
        if (body !== undefined && type !== undefined) all['content-type'] = type;
        const token = auth.queryToken === undefined ? '' : `${query === '' ? '?' : '&'}token=${auth.queryToken}`;
        return { method, path: `${path}${query}${token}`, headers: all, body };
      });
  }

  // ---- the property -----------------------------------------------------------------------

  function isProblem(reply: Exchange, where: string): void {
    check(
      /^application\/problem\+json/.test(reply.headers.get('content-type') ?? ''),
      `${where}: a ${reply.status} must be application/problem+json`,
    );
    let problem: any;
    try {
      problem = JSON.parse(reply.text);
    } catch {
      throw new PropertyFailure(`${where}: the problem is not JSON`);
    }
    check(problem !== null && typeof problem === 'object', `${where}: the problem is not an object`);
    check(problem.status === reply.status, `${where}: problem.status differs from the status`);
    check((ERROR_CODES as readonly string[]).includes(problem.error), `${where}: no platform error code`);
    for (const member of ['type', 'title', 'detail']) {
      check(typeof problem[member] === 'string', `${where}: problem.${member} is missing`);
    }
    check(!LEAK.test(reply.text), `${where}: the problem shows a stack trace or a path of this machine`);
  }

  function accepted(reply: Exchange, route: Route, caseId: string | undefined, where: string): any {
    check(
      /^application\/json/.test(reply.headers.get('content-type') ?? ''),
      `${where}: a success must be application/json`,
    );
    const body = JSON.parse(reply.text);
    if (route === 'list') {
      check(matches(validPage, body), `${where}: not a documented page: ${errorsOf(validPage)}`);
    } else if (route === 'history') {
      check(matches(validHistory, body), `${where}: not a documented history: ${errorsOf(validHistory)}`);
      check(body._id === caseId, `${where}: the history of another case`);
    } else {
      check(matches(validDocument, body), `${where}: not a documented support case: ${errorsOf(validDocument)}`);
      if (caseId !== undefined) check(body._id === caseId, `${where}: another case answered`);
    }
    return body;
  }

  async function holds(attempt: Attempt): Promise<void> {
    const url = `${sut.baseUrl}${attempt.path}`;
    const target = routeOf(attempt.method, url);
    const key = attempt.headers['idempotency-key'];
    const keyed = key !== undefined && IDEMPOTENCY_KEY.test(sent(key)) && target?.route !== 'removeComment';
    // Over-approximated: any earlier use of the key may make this request a retry answered from the first.
    const mayBeReplay = keyed && keysSent.has(sent(key));
    if (keyed) keysSent.add(sent(key));

    const before = {
      length: log.length(),
      position: log.lastPosition(),
      revision: target?.caseId === undefined ? -1 : log.revisionOf(target.caseId),
    };
    const reply = await exchange(sut.baseUrl, attempt.method, attempt.path, attempt.headers, attempt.body?.text);
    const stored = log.length() - before.length;

    const where = `${attempt.method} ${attempt.path.slice(0, 160)} → ${reply.status} ${reply.text.slice(0, 300)}`;
    const endpoint = target?.route ?? 'unmatched';
    statuses[endpoint] ??= {};
    statuses[endpoint][reply.status] = (statuses[endpoint][reply.status] ?? 0) + 1;

    check(reply.status >= 200 && reply.status < 500, `${where}: must not be ${reply.status}`);

    const givenId = attempt.headers['x-request-id'];
    const echoed = reply.headers.get('x-request-id') ?? '';
    check(REQUEST_ID.test(echoed), `${where}: X-Request-Id answered as ${JSON.stringify(echoed)}`);
    if (givenId !== undefined && REQUEST_ID.test(sent(givenId))) {
      check(echoed === sent(givenId), `${where}: a valid X-Request-Id is echoed as given`);
    }

    if (reply.status >= 300) {
      isProblem(reply, where);
      check(stored === 0, `${where}: a refused request stored ${stored} events`);
    } else {
      check(target !== undefined, `${where}: a success on no route of the API`);
      check(
        attempt.body?.tree === undefined || !mustBeRefused(attempt.body.tree),
        `${where}: a body with a prototype key or a NUL was accepted`,
      );
      const body = accepted(reply, target.route, target.caseId, where);
      const rule = STORES[target.route];
      if (mayBeReplay) {
        const fresh = rule.exactly === undefined ? stored >= 0 : stored === rule.exactly;
        check(stored === 0 || fresh, `${where}: a keyed retry stored ${stored} events`);
      } else if (rule.exactly !== undefined) {
        check(stored === rule.exactly, `${where}: stored ${stored} events, not ${rule.exactly}`);
      } else {
        check(stored >= (rule.atLeast ?? 0), `${where}: stored ${stored} events`);
      }
      if (stored > 0 && !mayBeReplay) {
        const caseId = target.caseId ?? body._id;
        const revision = log.revisionOf(caseId);
        check(revision - before.revision === stored, `${where}: the events went to another stream`);
        check(reply.headers.get('etag') === `"${revision}"`, `${where}: ETag is not the stored revision`);
        for (const data of log.dataAfter(before.position)) {
          const found = hostileContentIn(data);
          check(found === undefined, `${where}: stored a prototype key or NUL at ${found}`);
        }
      }
    }

    const prototypesNow = prototypeKeys();
    check(
      JSON.stringify(prototypesNow) === JSON.stringify(prototypesBefore),
      `${where}: a global prototype changed: ${JSON.stringify(prototypesNow)}`,
    );
    check(({} as Record<string, unknown>).polluted === undefined, `${where}: Object.prototype was polluted`);
  }

  const property = (arbitrary: fc.Arbitrary<Attempt>, numRuns: number) =>
    fc.assert(fc.asyncProperty(arbitrary, holds), { numRuns, seed: SEED });

  // ---- one property per endpoint ----------------------------------------------------------

  const TIMEOUT = 180_000;

  it(
    'create (POST /iptv/supportcase)',
    () =>
      property(
        attempt(
          'POST',
          fc.oneof(
            { weight: 8, arbitrary: fc.constant('/iptv/supportcase') },
            fc.constantFrom('/iptv/supportcase/', '/IPTV/SUPPORTCASE', '/iptv/supportcase/%00', '//iptv/supportcase'),
          ),
          fc.oneof({ weight: 4, arbitrary: fc.constant('') }, queryString(['token', '_id'])),
          createBody(caseIds),
        ),
        RUNS.create,
      ),
    TIMEOUT,
  );

  it(
    'update (POST /iptv/supportcase/:id)',
    () =>
      property(
        attempt(
          'POST',
          caseSegment().map((id) => `/iptv/supportcase/${id}`),
          fc.oneof({ weight: 4, arbitrary: fc.constant('') }, queryString(['token', 'asOf'])),
          updateBody,
        ),
        RUNS.update,
      ),
    TIMEOUT,
  );

  it(
    'comment (POST /iptv/supportcase/:id/comment)',
    () =>
      property(
        attempt(
          'POST',
          caseSegment().map((id) => `/iptv/supportcase/${id}/comment`),
          fc.oneof({ weight: 4, arbitrary: fc.constant('') }, queryString(['token'])),
          commentBody,
        ),
        RUNS.comment,
      ),
    TIMEOUT,
  );

  it(
    'remove a comment (DELETE /iptv/supportcase/:id/comment/:commentId)',
    () =>
      property(
        attempt(
          'DELETE',
          fc.oneof(
            {
              weight: 3,
              arbitrary: fc
                .constantFrom(...commentsOf)
                .map(([caseId, commentId]) => `/iptv/supportcase/${caseId}/comment/${commentId}`),
            },
            fc
              .tuple(
                caseSegment(),
                fc.oneof(
                  fc.constantFrom(...commentsOf).map(([, c]) => c),
                  hostileSegment,
                ),
              )
              .map(([caseId, commentId]) => `/iptv/supportcase/${caseId}/comment/${commentId}`),
          ),
          fc.oneof({ weight: 4, arbitrary: fc.constant('') }, queryString(['token'])),
          fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, strayBody),
        ),
        RUNS.removeComment,
      ),
    TIMEOUT,
  );

  it(
    'get (GET /iptv/supportcase/:id)',
    () =>
      property(
        attempt(
          'GET',
          caseSegment().map((id) => `/iptv/supportcase/${id}`),
          fc.oneof({ weight: 2, arbitrary: fc.constant('') }, queryString(['token', 'asOf', 'revision'])),
        ),
        RUNS.get,
      ),
    TIMEOUT,
  );

  it(
    'as of a time or revision (GET /iptv/supportcase/:id?asOf=…|?revision=…)',
    () =>
      property(
        attempt(
          'GET',
          caseSegment().map((id) => `/iptv/supportcase/${id}`),
          fc
            .tuple(
              fc.oneof(
                dateText.map((date) => `?asOf=${encodeURIComponent(date)}`),
                queryValue.map((v) => `?asOf=${v}`),
                numberText.map((v) => `?revision=${v}`),
                fc.nat({ max: 80 }).map((n) => `?revision=${n}`),
              ),
              queryString(['asOf', 'revision']),
            )
            .map(([first, more]) => `${first}${more.replace(/^\?/, '&')}`),
        ),
        RUNS.asOf,
      ),
    TIMEOUT,
  );

  it(
    'list (GET /iptv/supportcase)',
    () =>
      property(
        attempt(
          'GET',
          fc.constant('/iptv/supportcase'),
          fc
            .tuple(
              sometimes(numberText.map((n) => `offset=${n}`)),
              sometimes(numberText.map((n) => `limit=${n}`)),
              sometimes(fc.oneof(validObjectId, queryValue).map((c) => `customer=${c}`)),
              queryString(['offset', 'limit', 'customer', 'token']),
            )
            .map(([offset, limit, customer, more]) => {
              const pairs = [offset, limit, customer, more.replace(/^\?/, '')].filter(
                (p) => p !== undefined && p !== '',
              );
              return pairs.length === 0 ? '' : `?${pairs.join('&')}`;
            }),
        ),
        RUNS.list,
      ),
    TIMEOUT,
  );

  it(
    'history (GET /iptv/supportcase/:id/history)',
    () =>
      property(
        attempt(
          'GET',
          caseSegment().map((id) => `/iptv/supportcase/${id}/history`),
          fc.oneof({ weight: 4, arbitrary: fc.constant('') }, queryString(['token', 'asOf', 'revision'])),
        ),
        RUNS.history,
      ),
    TIMEOUT,
  );

  it('left every global prototype as it was', () => {
    expect(prototypeKeys()).toEqual(prototypesBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('stored nothing the read model cannot project: the projector is caught up', async () => {
    await expect(sut.projected()).resolves.toBeUndefined();
  });
});
