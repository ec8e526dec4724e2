import fc from 'fast-check';
import { validObjectId } from './support/arbitraries/hostile';
import { errorsOf, matches, validDocument } from './support/arbitraries/response-schemas';
import { ServiceUnderTest, newId, type Reply } from './support/service-under-test';

/*
 * Property-based access policy: random tokens (every access level, employee and customer ids
 * from a small pool so that they collide with the cases' owners, customers and employees,
 * random feature sets) call random endpoints on random cases. The answer must be exactly what
 * the table below says; the table is the specification, never the service's code. Every
 * document answered (and every list entry) must show `privateInformation` only to ADMIN and to
 * a caller whose employee is the case's employee, and `response.employee`/`employeeName` only
 * to ADMIN.
 *
 * History is the exception by design: it is for auditors (ADMIN only) and shows the stored
 * events as they are, `privateInformation` and the responding employee included. The history
 * property asserts that it does, so that the exception stays a decision and not an accident.
 *
 * A failure prints fast-check's seed (FC_SEED=<seed> replays it) and the seed the cases were
 * drawn with (FC_CASES_SEED=<seed>). ACCESS_STATS=1 prints how often each endpoint answered
 * each level with each status, and how often non-ADMIN callers saw privateInformation.
 */

type Level = 'VIEWER' | 'MANAGER' | 'OWNER' | 'RESELLER' | 'RESELLER_ADMIN' | 'ADMIN';
const LEVELS: Level[] = ['VIEWER', 'MANAGER', 'OWNER', 'RESELLER', 'RESELLER_ADMIN', 'ADMIN'];

type Endpoint =
  'create' | 'list' | 'get' | 'update' | 'comment' | 'removeComment' | 'history' | 'getAsOf' | 'getRevision';

interface Rule {
  /** Who may call it at all (otherwise 403 access_denied). */
  levels: Level[];
  /** A RESELLER also needs customer feature IPTVBUSINESS or IPTVPRIVATE and employee feature PLAYMAKERSTATUS. */
  resellerNeedsFeatures: boolean;
  /** It names a case: a missing one is 404, and so is one a RESELLER may not see. */
  onCase: boolean;
}

/** The specification. */
const POLICY: Record<Endpoint, Rule> = {
  create: { levels: ['RESELLER', 'ADMIN'], resellerNeedsFeatures: false, onCase: false },
  list: { levels: ['RESELLER', 'ADMIN'], resellerNeedsFeatures: true, onCase: false },
  get: { levels: ['RESELLER', 'ADMIN'], resellerNeedsFeatures: true, onCase: true },
  update: { levels: ['ADMIN'], resellerNeedsFeatures: false, onCase: true },
  comment: { levels: ['RESELLER', 'ADMIN'], resellerNeedsFeatures: false, onCase: true },
  removeComment: { levels: ['ADMIN'], resellerNeedsFeatures: false, onCase: true },
  history: { levels: ['ADMIN'], resellerNeedsFeatures: false, onCase: true },
  getAsOf: { levels: ['ADMIN'], resellerNeedsFeatures: false, onCase: true },
  getRevision: { levels: ['ADMIN'], resellerNeedsFeatures: false, onCase: true },
};

/** Fields a RESELLER may not set when it opens a case (403 naming the field). */
const STAFF_ONLY_ON_CREATE = ['response', 'solved', 'comments'];

const RESELLER_CUSTOMER_FEATURES = ['IPTVBUSINESS', 'IPTVPRIVATE'];
const RESELLER_EMPLOYEE_FEATURE = 'PLAYMAKERSTATUS';

/** The pools: few enough that tokens, owners, customers and employees collide. */
const CUSTOMERS = [newId(), newId(), newId()];
const EMPLOYEES = [newId(), newId(), newId()];
/** A customer no token belongs to. */
const OUTSIDER = newId();

interface Caller {
  level: Level;
  employee: string;
  customer: string;
  customerFeatures: string[];
  employeeFeatures: string[];
  /** Ids written in upper case in the token: they are the same ids. */
  upperCase: boolean;
  carrier: 'bearer' | 'query' | 'cookie';
}

/** What the test knows of a case: who owns it, whose it is, what it holds. */
interface CaseModel {
  id: string;
  owner: string;
  customer: string;
  employee: string;
  privateInformation?: string;
  hasResponse: boolean;
  /** As the case was opened (revision 0). */
  atCreation: { privateInformation?: string; hasResponse: boolean };
  comments: string[];
}

interface Outcome {
  status: number;
  error?: string;
}

const OK: Outcome = { status: 200 };
const ACCESS_DENIED: Outcome = { status: 403, error: 'access_denied' };
const NOT_FOUND: Outcome = { status: 404, error: 'not_found' };

const hasResellerFeatures = (caller: Caller) =>
  RESELLER_CUSTOMER_FEATURES.some((feature) => caller.customerFeatures.includes(feature)) &&
  caller.employeeFeatures.includes(RESELLER_EMPLOYEE_FEATURE);

/** A RESELLER sees the cases it owns and those whose customer is its own id. */
const visibleTo = (caller: Caller, model: CaseModel) =>
  caller.level === 'ADMIN' || model.owner === caller.customer || model.customer === caller.customer;

function expected(caller: Caller, endpoint: Endpoint, target?: CaseModel): Outcome {
  const rule = POLICY[endpoint];
  if (!rule.levels.includes(caller.level)) return ACCESS_DENIED;
  if (caller.level === 'RESELLER' && rule.resellerNeedsFeatures && !hasResellerFeatures(caller)) return ACCESS_DENIED;
  if (!rule.onCase) return OK;
  if (target === undefined || !visibleTo(caller, target)) return NOT_FOUND;
  return OK;
}

const CASES_SEED = Number(process.env.FC_CASES_SEED ?? Math.floor(Math.random() * 2 ** 31));
const SEED = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
const RUNS_PER_ENDPOINT = 400;
const FAR_FUTURE = '2999-01-01T00:00:00.000Z';

class PolicyViolation extends Error {}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new PolicyViolation(`${message} (cases seed ${CASES_SEED})`);
}

describe('access policy over HTTP (property-based)', () => {
  let sut: ServiceUnderTest;
  let supportToken: string;
  const cases: CaseModel[] = [];

  const token = (caller: Caller, name?: string) => {
    const id = (value: string) => (caller.upperCase ? value.toUpperCase() : value);
    return sut.token({
      accessLevel: caller.level,
      employee: id(caller.employee),
      customer: id(caller.customer),
      customerFeatures: caller.customerFeatures,
      employeeFeatures: caller.employeeFeatures,
      name: name ?? `${caller.level} ${caller.employee.slice(0, 4)}`,
    });
  };

  /** Sends a request as a caller, the token carried as the caller carries it. */
  async function send(caller: Caller, method: string, path: string, body?: unknown): Promise<Reply> {
    const value = await token(caller);
    if (caller.carrier === 'query') {
      const separator = path.includes('?') ? '&' : '?';
      return sut.request(method, `${path}${separator}token=${encodeURIComponent(value)}`, { body });
    }
    const headers = caller.carrier === 'cookie' ? { cookie: `lang=da; token=${value}` } : undefined;
    return sut.request(method, path, { body, headers, token: caller.carrier === 'bearer' ? value : undefined });
  }

  const staff: Caller = {
    level: 'ADMIN',
    employee: newId(),
    customer: newId(),
    customerFeatures: [],
    employeeFeatures: [],
    upperCase: false,
    carrier: 'bearer',
  };

  /** How often each kind of answer came, for ACCESS_STATS. */
  const tally: Record<string, number> = {};
  const count = (what: string) => (tally[what] = (tally[what] ?? 0) + 1);

  /** What the caller may see of a case in a document: checked on every 2xx document and list entry. */
  function isRedactedFor(document: any, model: CaseModel, caller: Caller, where: string, atCreation = false): void {
    check(matches(validDocument, document), `${where}: not a documented support case: ${errorsOf(validDocument)}`);
    check(document._id === model.id, `${where}: answered case ${document._id}, not ${model.id}`);
    const isAdmin = caller.level === 'ADMIN';
    const state = atCreation ? model.atCreation : model;
    const mayReadPrivate = isAdmin || caller.employee === model.employee;
    const privateShown = 'privateInformation' in document;
    if (!isAdmin) count(`${caller.level} private ${privateShown ? 'shown' : 'hidden'}`);
    check(
      privateShown === (state.privateInformation !== undefined && mayReadPrivate),
      `${where}: privateInformation ${privateShown ? 'shown' : 'hidden'} to ${caller.level} employee ` +
        `${caller.employee} on a case of employee ${model.employee}`,
    );
    if (privateShown)
      check(document.privateInformation === state.privateInformation, `${where}: another privateInformation`);
    check((document.response !== undefined) === state.hasResponse, `${where}: the response is missing or made up`);
    if (document.response !== undefined) {
      for (const field of ['employee', 'employeeName']) {
        check(
          field in document.response === isAdmin,
          `${where}: response.${field} ${isAdmin ? 'hidden from' : 'shown to'} ${caller.level}`,
        );
      }
    }
  }

  function outcomeOf(reply: Reply): Outcome {
    return reply.status === 200 ? OK : { status: reply.status, error: reply.body?.error };
  }

  function isExpected(reply: Reply, outcome: Outcome, where: string, endpoint: Endpoint, caller: Caller): void {
    const actual = outcomeOf(reply);
    count(`${endpoint} ${caller.level} ${actual.status}`);
    check(
      actual.status === outcome.status && actual.error === outcome.error,
      `${where}: answered ${JSON.stringify(actual)}, the policy says ${JSON.stringify(outcome)}: ${JSON.stringify(reply.body)?.slice(0, 300)}`,
    );
    if (outcome.status >= 400) {
      check(
        /^application\/problem\+json/.test(reply.headers.get('content-type') ?? ''),
        `${where}: a refusal is application/problem+json`,
      );
    }
  }

  // ---- the cases ----------------------------------------------------------------------------

  interface CaseSpec {
    creator: Caller;
    customer?: string;
    employee?: string;
    privateInformation?: string;
    response: boolean;
    comments: number;
  }

  /** Every creator kind and customer choice, with the rest drawn from CASES_SEED. */
  function caseSpecs(): CaseSpec[] {
    const grid = LEVELS.filter((level) => level === 'ADMIN' || level === 'RESELLER').flatMap((level) =>
      CUSTOMERS.flatMap((customer, i) =>
        [undefined, CUSTOMERS[(i + 1) % CUSTOMERS.length], OUTSIDER].map((forCustomer) => ({
          level,
          customer,
          forCustomer,
        })),
      ),
    );
    const drawn = fc.sample(
      fc.array(
        fc.record({
          employee: fc.constantFrom(...EMPLOYEES),
          adminSetsEmployee: fc.option(fc.constantFrom(...EMPLOYEES), { nil: undefined }),
          privateInformation: fc.boolean(),
          response: fc.boolean(),
          comments: fc.nat({ max: 2 }),
        }),
        { minLength: grid.length, maxLength: grid.length },
      ),
      { numRuns: 1, seed: CASES_SEED },
    )[0];
    return grid.map(({ level, customer, forCustomer }, i) => ({
      creator: { ...staff, level, customer, employee: drawn[i].employee },
      customer: forCustomer,
      employee: level === 'ADMIN' ? drawn[i].adminSetsEmployee : undefined,
      privateInformation: drawn[i].privateInformation ? `privat ${i}` : undefined,
      response: drawn[i].response,
      comments: drawn[i].comments,
    }));
  }

  beforeAll(async () => {
    sut = await ServiceUnderTest.start();
    supportToken = await token(staff, 'Support');
    for (const spec of caseSpecs()) {
      const { creator } = spec;
      const isAdmin = creator.level === 'ADMIN';
      const reply = await send(creator, 'POST', '/iptv/supportcase', {
        name: 'Sag',
        ...(spec.customer && { customer: spec.customer }),
        ...(spec.employee && { employee: spec.employee }),
        ...(spec.privateInformation && { privateInformation: spec.privateInformation }),
        ...(isAdmin && spec.response && { response: { answer: 'Genstart' } }),
      });
      expect(reply.status).toBe(200);
      const model: CaseModel = {
        id: reply.body._id,
        owner: creator.customer,
        customer: spec.customer ?? creator.customer,
        employee: isAdmin ? (spec.employee ?? creator.employee) : creator.employee,
        privateInformation: spec.privateInformation,
        hasResponse: isAdmin && spec.response,
        atCreation: { privateInformation: spec.privateInformation, hasResponse: isAdmin && spec.response },
        comments: [],
      };
      if (!isAdmin && spec.response) {
        const answered = await sut.request('POST', `/iptv/supportcase/${model.id}`, {
          token: supportToken,
          body: { response: { answer: 'Genstart' } },
        });
        expect(answered.status).toBe(200);
        model.hasResponse = true;
      }
      for (let n = 0; n < spec.comments; n++) {
        const commented = await sut.request('POST', `/iptv/supportcase/${model.id}/comment`, {
          token: supportToken,
          body: { comment: `k${n}` },
        });
        expect(commented.status).toBe(200);
        model.comments.push(commented.body.comments.at(-1)._id);
      }
      cases.push(model);
    }
    await sut.projected();
  });

  afterAll(async () => {
    await sut?.stop();
    if (process.env.ACCESS_STATS) console.log(JSON.stringify(tally, Object.keys(tally).sort(), 1));
  });

  // ---- generators ---------------------------------------------------------------------------

  const FEATURES = ['IPTVBUSINESS', 'IPTVPRIVATE', 'PLAYMAKERSTATUS', 'OTHER'];

  const caller: fc.Arbitrary<Caller> = fc.record({
    level: fc.oneof({ weight: 2, arbitrary: fc.constantFrom('RESELLER', 'ADMIN') }, fc.constantFrom(...LEVELS)),
    employee: fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom(...EMPLOYEES) },
      validObjectId.map((id) => id.toLowerCase()),
    ),
    customer: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...CUSTOMERS) }, fc.constant(OUTSIDER)),
    customerFeatures: fc.oneof(fc.constant<string[]>(['IPTVBUSINESS']), fc.subarray(FEATURES)),
    employeeFeatures: fc.oneof(fc.constant<string[]>(['PLAYMAKERSTATUS']), fc.subarray(FEATURES)),
    upperCase: fc.boolean(),
    carrier: fc.constantFrom('bearer', 'query', 'cookie'),
  });

  /** A case of the model (by index, whatever its size by then), or a missing one. */
  const target = fc.oneof({ weight: 8, arbitrary: fc.nat() }, fc.constant(undefined));
  const pick = (index: number | undefined) => (index === undefined ? undefined : cases[index % cases.length]);
  const pathOf = (model: CaseModel | undefined) => `/iptv/supportcase/${model?.id ?? newId()}`;

  const property = <T>(arbitrary: fc.Arbitrary<T>, predicate: (value: T) => Promise<void>) =>
    fc.assert(fc.asyncProperty(arbitrary, predicate), { numRuns: RUNS_PER_ENDPOINT, seed: SEED });

  const describeCall = (caller: Caller, what: string) =>
    `${caller.level} (employee ${caller.employee}, customer ${caller.customer}, features ` +
    `${JSON.stringify([caller.customerFeatures, caller.employeeFeatures])}, by ${caller.carrier}) ${what}`;

  // ---- one property per endpoint -------------------------------------------------------------

  const TIMEOUT = 120_000;

  it(
    'create: RESELLER and ADMIN; a RESELLER may not answer, solve or comment; the document as the caller may see it',
    () =>
      property(
        fc.record({
          caller,
          customer: fc.option(fc.constantFrom(...CUSTOMERS, OUTSIDER), { nil: undefined }),
          employee: fc.option(fc.constantFrom(...EMPLOYEES), { nil: undefined }),
          privateInformation: fc.boolean(),
          staffOnly: fc.oneof(
            { weight: 3, arbitrary: fc.constant(undefined) },
            fc.constantFrom(...STAFF_ONLY_ON_CREATE),
          ),
        }),
        async ({ caller, customer, employee, privateInformation, staffOnly }) => {
          const privateText = privateInformation ? `privat ${newId()}` : undefined;
          const body = {
            name: 'Ny sag',
            ...(customer && { customer }),
            ...(employee && { employee }),
            ...(privateText && { privateInformation: privateText }),
            ...(staffOnly === 'response' && { response: { answer: 'Svar' } }),
            ...(staffOnly === 'solved' && { solved: true }),
            ...(staffOnly === 'comments' && { comments: [{ comment: 'k' }] }),
          };
          const where = describeCall(caller, `creates ${JSON.stringify(body)}`);
          let outcome = expected(caller, 'create');
          if (outcome.status === 200 && caller.level !== 'ADMIN' && staffOnly !== undefined) outcome = ACCESS_DENIED;
          const reply = await send(caller, 'POST', '/iptv/supportcase', body);
          isExpected(reply, outcome, where, 'create', caller);
          if (reply.status !== 200) return;
          const isAdmin = caller.level === 'ADMIN';
          const model: CaseModel = {
            id: reply.body._id,
            owner: caller.customer,
            customer: customer ?? caller.customer,
            // A RESELLER's case is its own employee's, whatever the body says.
            employee: isAdmin ? (employee ?? caller.employee) : caller.employee,
            privateInformation: privateText,
            hasResponse: staffOnly === 'response',
            atCreation: { privateInformation: privateText, hasResponse: staffOnly === 'response' },
            comments: staffOnly === 'comments' ? [reply.body.comments[0]._id] : [],
          };
          isRedactedFor(reply.body, model, caller, where);
          cases.push(model);
        },
      ),
    TIMEOUT,
  );

  it(
    'list: RESELLER with features and ADMIN; exactly the cases the caller may see, each as it may see it',
    () =>
      property(
        fc.record({
          caller,
          filter: fc.option(fc.constantFrom(...CUSTOMERS, OUTSIDER), { nil: undefined }),
        }),
        async ({ caller, filter }) => {
          await sut.projected();
          const query = `?limit=500${filter ? `&customer=${filter.toUpperCase()}` : ''}`;
          const where = describeCall(caller, `lists ${query}`);
          const reply = await send(caller, 'GET', `/iptv/supportcase${query}`);
          isExpected(reply, expected(caller, 'list'), where, 'list', caller);
          if (reply.status !== 200) return;
          const shown = cases.filter(
            (model) => visibleTo(caller, model) && (filter === undefined || model.customer === filter),
          );
          const ids = reply.body.supportCases.map((document: { _id: string }) => document._id);
          check(
            JSON.stringify([...ids].sort()) === JSON.stringify(shown.map((model) => model.id).sort()),
            `${where}: listed ${ids.length} cases, the policy shows ${shown.length}`,
          );
          check(reply.body.total === shown.length, `${where}: total ${reply.body.total}, not ${shown.length}`);
          for (const document of reply.body.supportCases) {
            const model = shown.find((candidate) => candidate.id === document._id) as CaseModel;
            isRedactedFor(document, model, caller, `${where}, entry ${model.id}`);
          }
        },
      ),
    TIMEOUT,
  );

  it(
    'get: RESELLER with features on the cases it may see, ADMIN on all; foreign is 404 like missing',
    () =>
      property(fc.record({ caller, target }), async ({ caller, target: index }) => {
        await sut.projected();
        const model = pick(index);
        const where = describeCall(caller, `gets ${model?.id ?? 'a missing case'}`);
        const reply = await send(caller, 'GET', pathOf(model));
        isExpected(reply, expected(caller, 'get', model), where, 'get', caller);
        if (reply.status === 200) isRedactedFor(reply.body, model as CaseModel, caller, where);
      }),
    TIMEOUT,
  );

  it(
    'update: ADMIN only',
    () =>
      property(fc.record({ caller, target }), async ({ caller, target: index }) => {
        const model = pick(index);
        const body = { description: `ændret ${newId()}` };
        const where = describeCall(caller, `updates ${model?.id ?? 'a missing case'}`);
        const reply = await send(caller, 'POST', pathOf(model), body);
        isExpected(reply, expected(caller, 'update', model), where, 'update', caller);
        if (reply.status === 200) isRedactedFor(reply.body, model as CaseModel, caller, where);
      }),
    TIMEOUT,
  );

  it(
    'comment: RESELLER on the cases it may see, ADMIN on all',
    () =>
      property(fc.record({ caller, target }), async ({ caller, target: index }) => {
        const model = pick(index);
        const where = describeCall(caller, `comments on ${model?.id ?? 'a missing case'}`);
        const reply = await send(caller, 'POST', `${pathOf(model)}/comment`, { comment: `hej ${newId()}` });
        isExpected(reply, expected(caller, 'comment', model), where, 'comment', caller);
        if (reply.status !== 200 || model === undefined) return;
        isRedactedFor(reply.body, model, caller, where);
        model.comments.push(reply.body.comments.at(-1)._id);
      }),
    TIMEOUT,
  );

  it(
    'remove a comment: ADMIN only; a missing comment is 404',
    () =>
      property(
        fc.record({ caller, target, comment: fc.option(fc.nat(), { nil: undefined, freq: 4 }) }),
        async ({ caller, target: index, comment }) => {
          const model = pick(index);
          const commentId =
            model !== undefined && comment !== undefined && model.comments.length > 0
              ? model.comments[comment % model.comments.length]
              : newId();
          const where = describeCall(caller, `removes comment ${commentId} of ${model?.id ?? 'a missing case'}`);
          let outcome = expected(caller, 'removeComment', model);
          if (outcome.status === 200 && !model?.comments.includes(commentId)) outcome = NOT_FOUND;
          const reply = await send(caller, 'DELETE', `${pathOf(model)}/comment/${commentId}`);
          isExpected(reply, outcome, where, 'removeComment', caller);
          if (reply.status !== 200 || model === undefined) return;
          isRedactedFor(reply.body, model, caller, where);
          model.comments = model.comments.filter((id) => id !== commentId);
        },
      ),
    TIMEOUT,
  );

  it(
    'history: ADMIN only, and by design it shows auditors the stored events unredacted',
    () =>
      property(fc.record({ caller, target }), async ({ caller, target: index }) => {
        const model = pick(index);
        const where = describeCall(caller, `reads the history of ${model?.id ?? 'a missing case'}`);
        const reply = await send(caller, 'GET', `${pathOf(model)}/history`);
        isExpected(reply, expected(caller, 'history', model), where, 'history', caller);
        if (reply.status !== 200 || model === undefined) return;
        check(reply.body._id === model.id, `${where}: the history of another case`);
        const [created] = reply.body.events;
        check(created?.type === 'SupportCaseCreated', `${where}: the history does not start with the creation`);
        // The exception: what documents hide from others, history keeps for the auditors.
        check(
          created.data.supportCase.privateInformation === model.atCreation.privateInformation,
          `${where}: history does not show privateInformation as stored`,
        );
        const responded = reply.body.events.find(
          (event: { data: any }) => event.data.response ?? event.data.supportCase?.response,
        );
        if (model.hasResponse) {
          const response = responded.data.response ?? responded.data.supportCase.response;
          check(typeof response.employee === 'string', `${where}: history does not show the responding employee`);
        }
      }),
    TIMEOUT,
  );

  it(
    'as of a time: ADMIN only, all of the case',
    () =>
      property(fc.record({ caller, target }), async ({ caller, target: index }) => {
        const model = pick(index);
        const where = describeCall(caller, `reads ${model?.id ?? 'a missing case'} as of ${FAR_FUTURE}`);
        const reply = await send(caller, 'GET', `${pathOf(model)}?asOf=${FAR_FUTURE}`);
        isExpected(reply, expected(caller, 'getAsOf', model), where, 'getAsOf', caller);
        if (reply.status === 200) isRedactedFor(reply.body, model as CaseModel, caller, where);
      }),
    TIMEOUT,
  );

  it(
    'at a revision: ADMIN only, all of the case as it was opened',
    () =>
      property(fc.record({ caller, target }), async ({ caller, target: index }) => {
        const model = pick(index);
        const where = describeCall(caller, `reads ${model?.id ?? 'a missing case'} at revision 0`);
        const reply = await send(caller, 'GET', `${pathOf(model)}?revision=0`);
        isExpected(reply, expected(caller, 'getRevision', model), where, 'getRevision', caller);
        if (reply.status === 200) isRedactedFor(reply.body, model as CaseModel, caller, where, true);
      }),
    TIMEOUT,
  );
});
