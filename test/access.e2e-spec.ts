import { issueToken, type AccessLevel } from '@lib/auth';
import { randomBytes } from 'node:crypto';
import { ServiceUnderTest, newId, type Reply, type TokenClaims } from './support/service-under-test';

/*
 * Who may call which endpoint, over real HTTP. The tables below are the specification; every
 * expected status is derived from them, never from the service's code.
 */

type Endpoint =
  | 'create'
  | 'list'
  | 'get'
  | 'update'
  | 'comment'
  | 'removeComment'
  | 'history'
  | 'verifyHistory'
  | 'getAsOf'
  | 'getRevision';

interface Rule {
  levels: AccessLevel[];
  /** A RESELLER also needs customer feature IPTVBUSINESS or IPTVPRIVATE and employee feature PLAYMAKERSTATUS. */
  resellerNeedsFeatures: boolean;
}

const POLICY: Record<Endpoint, Rule> = {
  create: { levels: ['RESELLER', 'ADMIN'], resellerNeedsFeatures: false },
  list: { levels: ['RESELLER', 'ADMIN'], resellerNeedsFeatures: true },
  get: { levels: ['RESELLER', 'ADMIN'], resellerNeedsFeatures: true },
  update: { levels: ['ADMIN'], resellerNeedsFeatures: false },
  comment: { levels: ['RESELLER', 'ADMIN'], resellerNeedsFeatures: false },
  removeComment: { levels: ['ADMIN'], resellerNeedsFeatures: false },
  history: { levels: ['ADMIN'], resellerNeedsFeatures: false },
  verifyHistory: { levels: ['ADMIN'], resellerNeedsFeatures: false },
  getAsOf: { levels: ['ADMIN'], resellerNeedsFeatures: false },
  getRevision: { levels: ['ADMIN'], resellerNeedsFeatures: false },
};

const ENDPOINTS = Object.keys(POLICY) as Endpoint[];
const CASE_ENDPOINTS = ENDPOINTS.filter((endpoint) => endpoint !== 'create' && endpoint !== 'list');

/** The reseller company every non-ADMIN caller belongs to, another reseller, and an end customer. */
const HOME = newId();
const OTHER_RESELLER = newId();
const END_CUSTOMER = newId();

const ALL_FEATURES = { customerFeatures: ['IPTVBUSINESS', 'IPTVPRIVATE'], employeeFeatures: ['PLAYMAKERSTATUS'] };
const NO_FEATURES = { customerFeatures: [], employeeFeatures: [] };

interface CallerSpec {
  name: string;
  claims: TokenClaims;
  /** Whether the caller holds the features a RESELLER needs for list and get. */
  hasResellerFeatures: boolean;
}

const CALLERS: CallerSpec[] = [
  ...(['VIEWER', 'MANAGER', 'OWNER', 'RESELLER_ADMIN'] as const).map((level) => ({
    name: `${level} (with every feature)`,
    claims: { accessLevel: level, customer: HOME, ...ALL_FEATURES },
    hasResellerFeatures: true,
  })),
  {
    name: 'RESELLER (IPTVBUSINESS, PLAYMAKERSTATUS)',
    claims: {
      accessLevel: 'RESELLER',
      customer: HOME,
      customerFeatures: ['IPTVBUSINESS'],
      employeeFeatures: ['PLAYMAKERSTATUS'],
    },
    hasResellerFeatures: true,
  },
  {
    name: 'RESELLER (IPTVPRIVATE, PLAYMAKERSTATUS)',
    claims: {
      accessLevel: 'RESELLER',
      customer: HOME,
      customerFeatures: ['IPTVPRIVATE'],
      employeeFeatures: ['PLAYMAKERSTATUS'],
    },
    hasResellerFeatures: true,
  },
  {
    name: 'RESELLER without PLAYMAKERSTATUS',
    claims: {
      accessLevel: 'RESELLER',
      customer: HOME,
      customerFeatures: ['IPTVBUSINESS', 'IPTVPRIVATE'],
      employeeFeatures: [],
    },
    hasResellerFeatures: false,
  },
  {
    name: 'RESELLER without IPTVBUSINESS or IPTVPRIVATE',
    claims: {
      accessLevel: 'RESELLER',
      customer: HOME,
      customerFeatures: ['OTHERFEATURE'],
      employeeFeatures: ['PLAYMAKERSTATUS'],
    },
    hasResellerFeatures: false,
  },
  {
    name: 'RESELLER with the features swapped between customer and employee',
    claims: {
      accessLevel: 'RESELLER',
      customer: HOME,
      customerFeatures: ['PLAYMAKERSTATUS'],
      employeeFeatures: ['IPTVBUSINESS'],
    },
    hasResellerFeatures: false,
  },
  { name: 'ADMIN (no features)', claims: { accessLevel: 'ADMIN', ...NO_FEATURES }, hasResellerFeatures: false },
];

type Target = 'own' | 'ofHomeCustomer' | 'foreignSameEndCustomer' | 'foreignByAdmin' | 'missing';

/** The cases the matrix runs against, seen from the HOME reseller's point of view. */
const TARGETS: Record<Target, { exists: boolean; visibleToHomeReseller: boolean; what: string }> = {
  own: { exists: true, visibleToHomeReseller: true, what: 'a case HOME created for an end customer' },
  ofHomeCustomer: { exists: true, visibleToHomeReseller: true, what: 'a case an ADMIN opened with customer HOME' },
  foreignSameEndCustomer: {
    exists: true,
    visibleToHomeReseller: false,
    what: "another reseller's case for the same end customer",
  },
  foreignByAdmin: { exists: true, visibleToHomeReseller: false, what: "an ADMIN's case for another customer" },
  missing: { exists: false, visibleToHomeReseller: false, what: 'a case that does not exist' },
};

interface Outcome {
  status: number;
  error?: string;
}

const OK: Outcome = { status: 200 };
const ACCESS_DENIED: Outcome = { status: 403, error: 'access_denied' };
const NOT_FOUND: Outcome = { status: 404, error: 'not_found' };
const INVALID_TOKEN: Outcome = { status: 401, error: 'invalid_token' };

function expectedOutcome(caller: CallerSpec, endpoint: Endpoint, target?: Target): Outcome {
  const rule = POLICY[endpoint];
  const level = caller.claims.accessLevel;
  if (!rule.levels.includes(level)) return ACCESS_DENIED;
  if (level === 'RESELLER' && rule.resellerNeedsFeatures && !caller.hasResellerFeatures) return ACCESS_DENIED;
  if (target === undefined) return OK;
  if (!TARGETS[target].exists) return NOT_FOUND;
  if (level === 'RESELLER' && !TARGETS[target].visibleToHomeReseller) return NOT_FOUND;
  return OK;
}

/** One request to an endpoint, and what its success must show. */
interface Attempt {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  body?: unknown;
  /** The case whose stored events a refused attempt must leave unchanged. */
  writesTo?: string;
  succeeded(body: any): void;
}

const FAR_FUTURE = '2999-01-01T00:00:00.000Z';

describe('access over HTTP: every access level on every endpoint', () => {
  let sut: ServiceUnderTest;
  let adminToken: string;
  const caseIds = {} as Record<Target, string>;
  const tokens = new Map<CallerSpec, string>();

  const asAdmin = (method: string, path: string, body?: unknown) =>
    sut.request(method, path, { token: adminToken, body });

  async function created(token: string, body: object): Promise<string> {
    const reply = await sut.request('POST', '/iptv/supportcase', { token, body });
    expect(reply.status).toBe(200);
    return reply.body._id;
  }

  /** What a refused write must leave as it was: the status and length of the case's history. */
  async function storedStateOf(attempt: Attempt): Promise<unknown> {
    if (attempt.writesTo === undefined) return undefined;
    const reply = await asAdmin('GET', `/iptv/supportcase/${attempt.writesTo}/history`);
    return { status: reply.status, events: reply.body.events?.length };
  }

  /** How each endpoint is called on the case `id` (for create: the id the new case asks for). */
  const ATTEMPTS: Record<Endpoint, (id: string) => Promise<Attempt>> = {
    create: async (id) => ({
      method: 'POST',
      path: '/iptv/supportcase',
      body: { _id: id, name: 'Opened by the matrix' },
      writesTo: id,
      succeeded: (body) => expect(body).toMatchObject({ _id: id, name: 'Opened by the matrix' }),
    }),
    list: async () => ({
      method: 'GET',
      path: '/iptv/supportcase',
      succeeded: (body) => {
        expect(body).toMatchObject({ offset: 0, limit: 100 });
        expect(body.total).toBe(body.supportCases.length);
      },
    }),
    get: async (id) => ({
      method: 'GET',
      path: `/iptv/supportcase/${id}`,
      succeeded: (body) => expect(body._id).toBe(id),
    }),
    update: async (id) => {
      const description = `changed ${newId()}`;
      return {
        method: 'POST',
        path: `/iptv/supportcase/${id}`,
        body: { description },
        writesTo: id,
        succeeded: (body) => expect(body).toMatchObject({ _id: id, description }),
      };
    },
    comment: async (id) => {
      const comment = `comment ${newId()}`;
      return {
        method: 'POST',
        path: `/iptv/supportcase/${id}/comment`,
        body: { comment },
        writesTo: id,
        succeeded: (body) => expect(body.comments.map((c: { comment: string }) => c.comment)).toContain(comment),
      };
    },
    removeComment: async (id) => {
      let commentId = newId();
      if (id !== caseIds.missing) {
        const reply = await asAdmin('POST', `/iptv/supportcase/${id}/comment`, { comment: 'to be removed' });
        commentId = reply.body.comments.at(-1)._id;
      }
      return {
        method: 'DELETE',
        path: `/iptv/supportcase/${id}/comment/${commentId}`,
        writesTo: id,
        succeeded: (body) => expect(body.comments.map((c: { _id: string }) => c._id)).not.toContain(commentId),
      };
    },
    history: async (id) => ({
      method: 'GET',
      path: `/iptv/supportcase/${id}/history`,
      succeeded: (body) => {
        expect(body._id).toBe(id);
        expect(body.events[0]).toMatchObject({ revision: 0, type: 'SupportCaseCreated' });
      },
    }),
    verifyHistory: async (id) => ({
      method: 'GET',
      path: `/iptv/supportcase/${id}/history/verify`,
      succeeded: (body) => expect(body).toEqual({ ok: true, events: expect.any(Number) }),
    }),
    getAsOf: async (id) => ({
      method: 'GET',
      path: `/iptv/supportcase/${id}?asOf=${FAR_FUTURE}`,
      succeeded: (body) => expect(body._id).toBe(id),
    }),
    getRevision: async (id) => ({
      method: 'GET',
      path: `/iptv/supportcase/${id}?revision=0`,
      // Every target was opened without comments; later revisions of some have them.
      succeeded: (body) => expect(body).toMatchObject({ _id: id, comments: [] }),
    }),
  };

  function expectOutcome(reply: Reply, expected: Outcome): void {
    expect({ status: reply.status, error: reply.body?.error }).toEqual({
      status: expected.status,
      error: expected.error,
    });
    if (expected.status >= 400) expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  }

  /** Sends the attempt and checks the outcome: a success shows its effect, a refusal stores nothing. */
  async function run(attempt: Attempt, expected: Outcome, send: (attempt: Attempt) => Promise<Reply>): Promise<Reply> {
    const before = await storedStateOf(attempt);
    const reply = await send(attempt);
    expectOutcome(reply, expected);
    if (expected.status === 200) attempt.succeeded(reply.body);
    else expect(await storedStateOf(attempt)).toEqual(before);
    return reply;
  }

  const withToken = (token?: string) => (attempt: Attempt) =>
    sut.request(attempt.method, attempt.path, { token, body: attempt.body });

  beforeAll(async () => {
    sut = await ServiceUnderTest.start();
    adminToken = await sut.token({ accessLevel: 'ADMIN', name: 'Ada Admin' });
    for (const caller of CALLERS) tokens.set(caller, await sut.token(caller.claims));
    const homeReseller = await sut.token({ accessLevel: 'RESELLER', customer: HOME });
    const otherReseller = await sut.token({ accessLevel: 'RESELLER', customer: OTHER_RESELLER });
    caseIds.own = await created(homeReseller, { name: 'Own', customer: END_CUSTOMER });
    caseIds.ofHomeCustomer = await created(adminToken, { name: 'Of HOME', customer: HOME });
    caseIds.foreignSameEndCustomer = await created(otherReseller, { name: 'Foreign', customer: END_CUSTOMER });
    caseIds.foreignByAdmin = await created(adminToken, { name: 'Foreign by ADMIN', customer: OTHER_RESELLER });
    caseIds.missing = newId();
    await sut.projected();
  });

  afterAll(async () => {
    await sut?.stop();
  });

  const describeOutcome = ({ status, error }: Outcome) => (error ? `${status} ${error}` : `${status}`);

  describe.each(CALLERS)('$name', (caller) => {
    const send = (attempt: Attempt) => withToken(tokens.get(caller))(attempt);

    for (const endpoint of ['create', 'list'] as const) {
      const expected = expectedOutcome(caller, endpoint);
      it(`${endpoint} → ${describeOutcome(expected)}`, async () => {
        await run(await ATTEMPTS[endpoint](newId()), expected, send);
      });
    }

    for (const endpoint of CASE_ENDPOINTS) {
      for (const target of Object.keys(TARGETS) as Target[]) {
        const expected = expectedOutcome(caller, endpoint, target);
        it(`${endpoint} on ${TARGETS[target].what} → ${describeOutcome(expected)}`, async () => {
          await sut.projected();
          await run(await ATTEMPTS[endpoint](caseIds[target]), expected, send);
        });
      }
    }
  });

  describe('tokens', () => {
    const adminClaims: TokenClaims = { accessLevel: 'ADMIN' };
    const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

    /** Each would grant ADMIN if the service trusted it, so a service that does answers 200, not 401. */
    const BAD_TOKENS: Record<string, () => Promise<string | undefined>> = {
      'no token': async () => undefined,
      'a malformed token': async () => 'not-a-token',
      'a token signed with another secret': () =>
        issueToken(
          randomBytes(32).toString('hex'),
          { employee: newId(), customer: newId(), ...adminClaims, ...NO_FEATURES },
          {
            expiresIn: '10m',
          },
        ),
      'an expired token': () => sut.token(adminClaims, '-1h'),
      'a RESELLER token whose payload was rewritten to ADMIN': async () => {
        const [header, payload, signature] = (await sut.token({ accessLevel: 'RESELLER', ...ALL_FEATURES })).split('.');
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
        return [header, base64url({ ...claims, accessLevel: 'ADMIN' }), signature].join('.');
      },
      'an unsigned token (alg none)': async () => {
        const payload = { sub: newId(), customer: newId(), accessLevel: 'ADMIN', exp: 4102444800 };
        return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(payload)}.`;
      },
      'a correctly signed token whose subject is no platform id': () =>
        sut.token({ ...adminClaims, employee: 'not-an-id' }),
    };

    describe.each(Object.keys(BAD_TOKENS))('with %s', (kind) => {
      it.each(ENDPOINTS)('%s answers 401 invalid_token', async (endpoint) => {
        const attempt = await ATTEMPTS[endpoint](endpoint === 'create' ? newId() : caseIds.own);
        await run(attempt, INVALID_TOKEN, withToken(await BAD_TOKENS[kind]()));
      });
    });

    const CARRIERS: Record<string, (path: string, token: string) => Promise<Reply>> = {
      '?token=': (path, token) => sut.request('GET', `${path}?token=${encodeURIComponent(token)}`),
      'Authorization: Bearer': (path, token) =>
        sut.request('GET', path, { headers: { authorization: `Bearer ${token}` } }),
      'cookie token': (path, token) => sut.request('GET', path, { headers: { cookie: `theme=dark; token=${token}` } }),
    };

    describe.each(Object.keys(CARRIERS))('carried by %s', (carrier) => {
      it('a valid token is accepted', async () => {
        const reply = await CARRIERS[carrier](`/iptv/supportcase/${caseIds.own}`, adminToken);
        expectOutcome(reply, OK);
        expect(reply.body._id).toBe(caseIds.own);
      });

      it('an expired token is refused with 401 invalid_token', async () => {
        const reply = await CARRIERS[carrier](`/iptv/supportcase/${caseIds.own}`, await sut.token(adminClaims, '-1h'));
        expectOutcome(reply, INVALID_TOKEN);
      });
    });
  });

  describe('a RESELLER cannot tell a foreign case from a missing one', () => {
    let reseller: string;
    /** A foreign case nobody has touched since it was opened: its revision is 0. */
    let foreign: string;
    const problemWithoutDetail = ({ status, headers, body }: Reply) => {
      const { detail: _detail, ...rest } = body;
      return { status, contentType: headers.get('content-type'), etag: headers.get('etag'), body: rest };
    };

    beforeAll(async () => {
      reseller = await sut.token({ accessLevel: 'RESELLER', customer: HOME, ...ALL_FEATURES });
      foreign = await created(await sut.token({ accessLevel: 'RESELLER', customer: OTHER_RESELLER }), {
        name: 'Untouched',
      });
      await sut.projected();
    });

    const comment = (id: string, headers?: Record<string, string>) =>
      sut.request('POST', `/iptv/supportcase/${id}/comment`, { token: reseller, body: { comment: 'Hello?' }, headers });

    const PROBES: Record<string, (id: string) => Promise<Reply>> = {
      get: (id) => sut.request('GET', `/iptv/supportcase/${id}`, { token: reseller }),
      comment: (id) => comment(id),
      // If-Match must not let a RESELLER probe for the revision, and so the existence, of a foreign case.
      'comment with If-Match naming its revision': (id) => comment(id, { 'if-match': '"0"' }),
      'comment with If-Match naming another revision': (id) => comment(id, { 'if-match': '"7"' }),
    };

    it.each(Object.keys(PROBES))('%s answers a foreign case exactly like a missing one', async (probe) => {
      const onForeign = await PROBES[probe](foreign);
      const onMissing = await PROBES[probe](newId());
      expectOutcome(onForeign, NOT_FOUND);
      expect(problemWithoutDetail(onForeign)).toEqual(problemWithoutDetail(onMissing));
    });
  });

  describe('list shows a RESELLER only the cases it may see', () => {
    const reseller = { customer: newId(), end: newId(), other: newId() };
    let resellerToken: string;
    let colleagueToken: string;
    let visible: string[];

    const listIds = async (token: string, query = '') => {
      const reply = await sut.request('GET', `/iptv/supportcase${query}`, { token });
      expect(reply.status).toBe(200);
      return { total: reply.body.total, ids: reply.body.supportCases.map((c: { _id: string }) => c._id) as string[] };
    };

    beforeAll(async () => {
      const claims = { accessLevel: 'RESELLER', customer: reseller.customer, ...ALL_FEATURES } as const;
      resellerToken = await sut.token(claims);
      colleagueToken = await sut.token(claims);
      const otherToken = await sut.token({ accessLevel: 'RESELLER', customer: reseller.other });
      visible = [
        await created(resellerToken, { name: 'For the end customer', customer: reseller.end }),
        await created(resellerToken, { name: 'For itself' }),
        await created(adminToken, { name: 'Opened by ADMIN for the reseller', customer: reseller.customer }),
      ];
      await created(otherToken, { name: "Another reseller's, same end customer", customer: reseller.end });
      await created(adminToken, { name: "ADMIN's, same end customer", customer: reseller.end });
      await created(adminToken, { name: "ADMIN's, for the other reseller", customer: reseller.other });
      await sut.projected();
    });

    it('lists exactly its own cases and those of its customer id, and counts only those', async () => {
      const { total, ids } = await listIds(resellerToken);
      expect(ids.sort()).toEqual([...visible].sort());
      expect(total).toBe(3);
    });

    it('gives another employee of the same reseller the same cases', async () => {
      expect((await listIds(colleagueToken)).ids.sort()).toEqual([...visible].sort());
    });

    it('counts only visible cases in total when paging', async () => {
      expect(await listIds(resellerToken, '?limit=1')).toMatchObject({ total: 3, ids: [expect.any(String)] });
      expect(await listIds(resellerToken, '?offset=2&limit=1')).toMatchObject({ total: 3, ids: [expect.any(String)] });
    });

    it('never widens what it sees through the customer filter', async () => {
      expect(await listIds(resellerToken, `?customer=${reseller.end}`)).toEqual({ total: 1, ids: [visible[0]] });
      expect(await listIds(resellerToken, `?customer=${reseller.other}`)).toEqual({ total: 0, ids: [] });
    });

    it('lists everything to an ADMIN', async () => {
      expect(await listIds(adminToken, `?customer=${reseller.end}`)).toMatchObject({ total: 3 });
      const { total, ids } = await listIds(adminToken, '?limit=500');
      expect(ids).toEqual(
        expect.arrayContaining([...visible, ...Object.values(caseIds).filter((id) => id !== caseIds.missing)]),
      );
      expect(total).toBe(ids.length);
    });
  });
});
