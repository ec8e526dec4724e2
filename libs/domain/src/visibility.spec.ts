import type { SupportCase } from './support-case';
import { documentJson, toDocument } from './support-case-document';
import { canSee } from './visibility';
import { END_CUSTOMER, NOW, admin, openCase, otherReseller, reseller } from './testing/fixtures';

const theCase = (overrides: Partial<SupportCase> = {}): SupportCase => ({
  ...openCase({
    response: {
      answer: 'Restart the box',
      author: 'PlayMaker Teamet',
      date: '2024-01-02T10:00:00.000Z',
      employee: 'ad0000000000000000000e01',
      employeeName: 'Ada Admin',
    },
  }),
  lastUpdated: NOW,
  ...overrides,
});

/** Another employee of the reseller that opened the case. */
const colleague = { ...reseller, employee: 'ee0000000000000000000e07' };

const comments = [
  {
    _id: 'c0000000000000000000000a',
    comment: 'Still black',
    date: '2023-12-25T09:00:00.000Z',
    customer: 'ee0000000000000000000c02',
    customerName: 'Rita Resale ApS',
    employee: 'ee0000000000000000000e02',
    employeeName: 'Rita Reseller',
    isSupport: false,
    files: [],
  },
];

/** What everybody who may see the fixture case sees of it. */
const shared = {
  _id: 'ca5e00000000000000000001',
  name: 'No picture',
  description: 'The screen stays black',
  customer: 'cc0000000000000000000c04',
  customerName: 'Hansen Boligforening ApS',
  employee: 'ee0000000000000000000e02',
  employeeName: 'Rita Reseller',
  solved: false,
  date: '2023-12-24T18:00:00.000Z',
  lastUpdated: NOW,
  device: 'APPLETV',
  files: [{ _id: 'f00000000000000000000001', url: 'https://image.telecomx.dk/a.jpeg', type: 'IMAGE' }],
  comments,
};

describe('canSee', () => {
  it('lets an ADMIN see every case', () => {
    expect(canSee(admin, theCase())).toBe(true);
  });

  it('lets a RESELLER see the cases it owns', () => {
    expect(canSee(reseller, theCase({ owner: reseller.customer, customer: END_CUSTOMER }))).toBe(true);
  });

  it('lets a RESELLER see cases whose customer is its own customer id', () => {
    expect(canSee(reseller, theCase({ owner: admin.customer, customer: reseller.customer }))).toBe(true);
  });

  it('hides from a RESELLER the cases it neither owns nor is the customer of', () => {
    expect(canSee(otherReseller, theCase())).toBe(false);
  });

  it('compares the ids of the token case-insensitively', () => {
    const shouting = { ...reseller, customer: 'EE0000000000000000000C02' };
    expect(canSee(shouting, theCase({ owner: admin.customer, customer: reseller.customer }))).toBe(true);
    expect(canSee(shouting, theCase({ owner: reseller.customer, customer: END_CUSTOMER }))).toBe(true);
  });
});

describe('toDocument', () => {
  it('shows an ADMIN everything but the owner', () => {
    expect(toDocument(theCase(), admin)).toEqual({
      ...shared,
      privateInformation: 'Call Gertrud on +45 8888 9977',
      response: {
        answer: 'Restart the box',
        author: 'PlayMaker Teamet',
        date: '2024-01-02T10:00:00.000Z',
        employee: 'ad0000000000000000000e01',
        employeeName: 'Ada Admin',
      },
    });
  });

  it("shows the case's employee its private information but not who responded", () => {
    expect(toDocument(theCase(), reseller)).toEqual({
      ...shared,
      privateInformation: 'Call Gertrud on +45 8888 9977',
      response: { answer: 'Restart the box', author: 'PlayMaker Teamet', date: '2024-01-02T10:00:00.000Z' },
    });
  });

  it('hides the private information from another employee of the same reseller', () => {
    expect(toDocument(theCase(), colleague)).toEqual({
      ...shared,
      response: { answer: 'Restart the box', author: 'PlayMaker Teamet', date: '2024-01-02T10:00:00.000Z' },
    });
  });

  it("recognises the case's employee whatever the case of its token's id", () => {
    const shouting = { ...reseller, employee: 'EE0000000000000000000E02' };
    expect(toDocument(theCase(), shouting).privateInformation).toBe('Call Gertrud on +45 8888 9977');
  });

  it('omits the properties that hold no value', () => {
    const bare: SupportCase = {
      _id: 'ca5e00000000000000000001',
      owner: 'ee0000000000000000000c02',
      name: 'No picture',
      solved: true,
      date: '2023-12-24T18:00:00.000Z',
      lastUpdated: NOW,
      files: [],
      comments: [],
    };
    const document = toDocument(bare, admin);
    expect(Object.keys(document).sort()).toEqual(['_id', 'comments', 'date', 'files', 'lastUpdated', 'name', 'solved']);
  });
});

describe('documentJson', () => {
  it.each([
    ['an ADMIN', admin],
    ["the case's employee", reseller],
    ['another employee of the same reseller', colleague],
  ])('is the JSON of the document %s sees', (_who, viewer) => {
    expect(documentJson(theCase(), viewer)).toBe(JSON.stringify(toDocument(theCase(), viewer)));
  });

  it('serialises a case object once for each view, however often it is read', () => {
    const supportCase = theCase();
    const stringify = jest.spyOn(JSON, 'stringify');
    try {
      const first = [admin, reseller, colleague].map((viewer) => documentJson(supportCase, viewer));
      const again = [admin, reseller, colleague, admin].map((viewer) => documentJson(supportCase, viewer));

      expect(stringify).toHaveBeenCalledTimes(3);
      expect(again).toEqual([...first, first[0]]);
      expect(new Set(first).size).toBe(3);
    } finally {
      stringify.mockRestore();
    }
  });

  it('serialises another object of the same case afresh: a case is a new object at each revision', () => {
    const before = theCase();
    const after = { ...before, solved: true };

    expect(JSON.parse(documentJson(before, admin)).solved).toBe(false);
    expect(JSON.parse(documentJson(after, admin)).solved).toBe(true);
  });
});
