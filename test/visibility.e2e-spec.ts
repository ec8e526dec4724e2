import { ServiceUnderTest, newId, type Reply, type TokenClaims } from './support/service-under-test';

/*
 * What of a case each caller gets to see, and what a RESELLER may put into a case it opens,
 * over real HTTP. The tables below are the specification.
 *
 * - privateInformation: only ADMIN and the case's creator (token subject = the case's employee).
 * - response.employee and response.employeeName: only ADMIN.
 */

const HOME = newId();
const END_CUSTOMER = newId();
const PRIVATE = 'Call Gertrud on +45 8888 9977';
const ANSWER = 'Restart the box';
const FEATURES = { customerFeatures: ['IPTVBUSINESS'], employeeFeatures: ['PLAYMAKERSTATUS'] };

const IDENTITIES = {
  admin: { accessLevel: 'ADMIN', employee: newId(), name: 'Ada Admin', customer: newId(), customerName: 'PlayMaker' },
  creator: {
    accessLevel: 'RESELLER',
    employee: newId(),
    name: 'Rita Reseller',
    customer: HOME,
    customerName: 'Rita Resale ApS',
    ...FEATURES,
  },
  colleague: {
    accessLevel: 'RESELLER',
    employee: newId(),
    name: 'Carl Colleague',
    customer: HOME,
    customerName: 'Rita Resale ApS',
    ...FEATURES,
  },
} satisfies Record<string, TokenClaims>;
type Identity = keyof typeof IDENTITIES;

interface Reader {
  who: string;
  identity: Identity;
  /** Present the token's ids in upper case: ids are compared case-insensitively. */
  upperCaseIds?: boolean;
}

const READERS: Reader[] = [
  { who: 'ADMIN', identity: 'admin' },
  { who: 'the RESELLER employee who opened it', identity: 'creator' },
  { who: 'the same employee, its token ids in upper case', identity: 'creator', upperCaseIds: true },
  { who: 'another employee of the same RESELLER', identity: 'colleague' },
];

interface Opening {
  by: Identity;
  body: object;
  /** The case's employee, the one non-ADMIN reader entitled to its privateInformation. */
  employee: Identity;
}

const OPENINGS: Record<string, Opening> = {
  'a case the RESELLER employee opened': { by: 'creator', body: { customer: END_CUSTOMER }, employee: 'creator' },
  "a case an ADMIN opened for the RESELLER's customer": { by: 'admin', body: { customer: HOME }, employee: 'admin' },
  'a case an ADMIN opened in the name of the RESELLER employee': {
    by: 'admin',
    body: { customer: HOME, employee: IDENTITIES.creator.employee, employeeName: IDENTITIES.creator.name },
    employee: 'creator',
  },
};

const seesPrivate = (reader: Reader, opening: Opening) =>
  reader.identity === 'admin' || reader.identity === opening.employee;
const seesResponder = (reader: Reader) => reader.identity === 'admin';

/** The response every reader sees; ADMIN also sees who gave it. */
const visibleResponse = (withResponder: boolean) => ({
  answer: ANSWER,
  author: 'PlayMaker Teamet',
  date: expect.any(String),
  ...(withResponder && { employee: IDENTITIES.admin.employee, employeeName: IDENTITIES.admin.name }),
});

function expectEntitledView(document: any, privateShown: boolean, responderShown: boolean): void {
  expect(document).toBeDefined();
  expect({ privateInformation: document.privateInformation, response: document.response }).toEqual({
    privateInformation: privateShown ? PRIVATE : undefined,
    response: visibleResponse(responderShown),
  });
}

describe('visibility over HTTP', () => {
  let sut: ServiceUnderTest;
  const tokens = {} as Record<Identity, string>;

  const as = (identity: Identity, method: string, path: string, body?: unknown) =>
    sut.request(method, path, { token: tokens[identity], body });

  function expectOk(reply: Reply): any {
    expect({ status: reply.status, error: reply.body?.error }).toEqual({ status: 200, error: undefined });
    return reply.body;
  }

  /** Get and list read the read model, which may trail the update by the projector's lag. */
  const getProjected = async (id: string, token: string) => {
    await sut.projected();
    return expectOk(await sut.request('GET', `/iptv/supportcase/${id}`, { token }));
  };

  const listAll = async (token: string) => {
    await sut.projected();
    return expectOk(await sut.request('GET', '/iptv/supportcase?limit=500', { token }));
  };

  beforeAll(async () => {
    sut = await ServiceUnderTest.start();
    for (const [identity, claims] of Object.entries(IDENTITIES))
      tokens[identity as Identity] = await sut.token(claims as TokenClaims);
  });

  afterAll(async () => {
    await sut?.stop();
  });

  describe.each(Object.keys(OPENINGS))('privateInformation and the responder of %s', (name) => {
    const opening = OPENINGS[name];
    let caseId: string;
    let created: any;
    let updated: any;

    beforeAll(async () => {
      const body = { name: 'No picture', privateInformation: PRIVATE, ...opening.body };
      created = expectOk(await as(opening.by, 'POST', '/iptv/supportcase', body));
      caseId = created._id;
      updated = expectOk(await as('admin', 'POST', `/iptv/supportcase/${caseId}`, { response: { answer: ANSWER } }));
    });

    it('are both in the create response of whoever opened it (no response yet)', () => {
      expect(created.privateInformation).toBe(PRIVATE);
      expect(created.response).toBeUndefined();
    });

    it("are both in the ADMIN's update response", () => {
      expectEntitledView(updated, true, true);
    });

    const tokenOf = async (reader: Reader) => {
      if (!reader.upperCaseIds) return tokens[reader.identity];
      const claims = IDENTITIES[reader.identity] as TokenClaims;
      return sut.token({
        ...claims,
        employee: claims.employee!.toUpperCase(),
        customer: claims.customer!.toUpperCase(),
      });
    };

    const SURFACES: Record<string, (token: string) => Promise<any>> = {
      get: (token) => getProjected(caseId, token),
      list: async (token) => (await listAll(token)).supportCases.find((c: { _id: string }) => c._id === caseId),
      'comment response': async (token) =>
        expectOk(
          await sut.request('POST', `/iptv/supportcase/${caseId}/comment`, { token, body: { comment: 'Any news?' } }),
        ),
    };

    describe.each(READERS)('to $who', (reader) => {
      const privateShown = seesPrivate(reader, opening);
      const responderShown = seesResponder(reader);
      const what = `privateInformation ${privateShown ? 'shown' : 'hidden'}, responder ${responderShown ? 'shown' : 'hidden'}`;

      it.each(Object.keys(SURFACES))(`%s: ${what}`, async (surface) => {
        expectEntitledView(await SURFACES[surface](await tokenOf(reader)), privateShown, responderShown);
      });
    });
  });

  describe('a RESELLER opening a case', () => {
    const reseller = IDENTITIES.creator;

    it('is recorded as the employee of its token, whatever the body says', async () => {
      const body = { name: 'Impostor', employee: newId(), employeeName: 'Mallory' };
      const created = expectOk(await as('creator', 'POST', '/iptv/supportcase', body));
      const author = { employee: reseller.employee, employeeName: reseller.name };
      expect(created).toMatchObject(author);
      expect(expectOk(await as('admin', 'GET', `/iptv/supportcase/${created._id}`))).toMatchObject(author);
    });

    it('opens it for its own customer when the body names none', async () => {
      const created = expectOk(await as('creator', 'POST', '/iptv/supportcase', { name: 'For us' }));
      const customer = { customer: reseller.customer, customerName: reseller.customerName };
      expect(created).toMatchObject(customer);
      expect(expectOk(await as('admin', 'GET', `/iptv/supportcase/${created._id}`))).toMatchObject(customer);
    });

    it('opens it for the customer the body names', async () => {
      const customer = { customer: END_CUSTOMER, customerName: 'Hansen Boligforening ApS' };
      const created = expectOk(
        await as('creator', 'POST', '/iptv/supportcase', { name: 'For a customer', ...customer }),
      );
      expect(created).toMatchObject(customer);
      expect(expectOk(await as('admin', 'GET', `/iptv/supportcase/${created._id}`))).toMatchObject(customer);
    });

    it("gives a case for another customer no customerName of its own company's when the body names none", async () => {
      const created = expectOk(
        await as('creator', 'POST', '/iptv/supportcase', { name: 'Nameless', customer: END_CUSTOMER }),
      );
      expect(created.customer).toBe(END_CUSTOMER);
      expect(created).not.toHaveProperty('customerName');
      expect(expectOk(await as('admin', 'GET', `/iptv/supportcase/${created._id}`))).not.toHaveProperty('customerName');
    });

    /** Fields only support staff set when a case is opened, and how an ADMIN's value shows. */
    const STAFF_ONLY: Record<string, { value: unknown; stored: object }> = {
      response: { value: { answer: ANSWER }, stored: { response: { answer: ANSWER } } },
      solved: { value: true, stored: { solved: true } },
      comments: {
        value: [{ comment: 'Solved on the phone' }],
        stored: { comments: [{ comment: 'Solved on the phone' }] },
      },
    };

    describe.each(Object.keys(STAFF_ONLY))('setting %s', (field) => {
      const { value, stored } = STAFF_ONLY[field];

      it('is refused with 403 access_denied naming the field, and nothing is stored', async () => {
        const before = { admin: await listAll(tokens.admin), reseller: await listAll(tokens.creator) };
        const _id = newId();
        const reply = await as('creator', 'POST', '/iptv/supportcase', { _id, name: 'Self-solved', [field]: value });
        expect(reply.status).toBe(403);
        expect(reply.body).toMatchObject({ error: 'access_denied', errors: [{ path: `/${field}` }] });
        expect((await as('admin', 'GET', `/iptv/supportcase/${_id}`)).status).toBe(404);
        expect({ admin: await listAll(tokens.admin), reseller: await listAll(tokens.creator) }).toEqual(before);
      });

      it('is allowed to an ADMIN', async () => {
        const created = expectOk(
          await as('admin', 'POST', '/iptv/supportcase', { name: 'Solved by staff', [field]: value }),
        );
        expect(created).toMatchObject(stored);
      });
    });
  });
});
