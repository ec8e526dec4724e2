import { decideCreate, type CreateSupportCase } from './decide-create';
import type { SupportCaseInput } from './inputs';
import type { SupportCase } from './support-case';
import { toDocument } from './support-case-document';
import { caseCreated } from './testing/events';
import { CASE_ID, END_CUSTOMER, NEW_ID_1, NOW, admin, contextFor, reseller } from './testing/fixtures';
import { given, refused, replay } from './testing/given';

const create =
  (command: CreateSupportCase, context = contextFor(admin)) =>
  (state: SupportCase | null) =>
    decideCreate(state, command, context);

describe('decideCreate', () => {
  describe('by a RESELLER', () => {
    it('takes the employee from the token, defaults the customer to its own and records it as owner', () => {
      given()
        .when(
          create(
            {
              id: CASE_ID,
              input: {
                name: 'No picture',
                description: 'The screen stays black',
                employee: 'ab0000000000000000000e09',
                employeeName: 'Somebody Else',
                date: '2020-01-01T00:00:00.000Z',
                device: 'APPLETV',
                systemVersion: '17.1',
                playMakerVersion: '1.23a',
                privateInformation: 'Call Gertrud',
                files: [{ _id: 'F00000000000000000000001', url: 'https://image.telecomx.dk/a.jpeg', type: 'IMAGE' }],
              },
            },
            contextFor(reseller),
          ),
        )
        .then([
          {
            type: 'SupportCaseCreated',
            data: {
              supportCase: {
                _id: CASE_ID,
                owner: 'ee0000000000000000000c02',
                name: 'No picture',
                description: 'The screen stays black',
                customer: 'ee0000000000000000000c02',
                customerName: 'Rita Resale ApS',
                employee: 'ee0000000000000000000e02',
                employeeName: 'Rita Reseller',
                solved: false,
                date: NOW,
                device: 'APPLETV',
                systemVersion: '17.1',
                playMakerVersion: '1.23a',
                privateInformation: 'Call Gertrud',
                files: [{ _id: 'f00000000000000000000001', url: 'https://image.telecomx.dk/a.jpeg', type: 'IMAGE' }],
                comments: [],
              },
            },
          },
        ]);
    });

    it('opens a case for a customer it names, lower-casing the id, and still owns it', () => {
      given()
        .when(
          create(
            {
              id: CASE_ID,
              input: { name: 'No picture', customer: 'CC0000000000000000000C04', customerName: 'Hansen' },
            },
            contextFor(reseller),
          ),
        )
        .then([
          {
            type: 'SupportCaseCreated',
            data: {
              supportCase: {
                _id: CASE_ID,
                owner: 'ee0000000000000000000c02',
                name: 'No picture',
                customer: END_CUSTOMER,
                customerName: 'Hansen',
                employee: 'ee0000000000000000000e02',
                employeeName: 'Rita Reseller',
                solved: false,
                date: NOW,
                files: [],
                comments: [],
              },
            },
          },
        ]);
    });

    it('takes no customerName from its token for a case it opens for another customer', () => {
      given()
        .when(create({ id: CASE_ID, input: { name: 'No picture', customer: END_CUSTOMER } }, contextFor(reseller)))
        .then([
          {
            type: 'SupportCaseCreated',
            data: {
              supportCase: {
                _id: CASE_ID,
                owner: 'ee0000000000000000000c02',
                name: 'No picture',
                customer: END_CUSTOMER,
                employee: 'ee0000000000000000000e02',
                employeeName: 'Rita Reseller',
                solved: false,
                date: NOW,
                files: [],
                comments: [],
              },
            },
          },
        ]);
    });

    it('takes its customerName from its token when it names its own customer id, in any case', () => {
      const [created] = decideCreate(
        null,
        { id: CASE_ID, input: { name: 'No picture', customer: reseller.customer.toUpperCase() } },
        contextFor(reseller),
      );
      expect(created.data.supportCase).toMatchObject({ customer: reseller.customer, customerName: 'Rita Resale ApS' });
    });

    it('stores the ids of its token in lower case', () => {
      const shouting = { ...reseller, employee: 'EE0000000000000000000E02', customer: 'EE0000000000000000000C02' };
      given()
        .when(create({ id: 'CA5E00000000000000000001', input: { name: 'No picture' } }, contextFor(shouting)))
        .then([
          {
            type: 'SupportCaseCreated',
            data: {
              supportCase: {
                _id: 'ca5e00000000000000000001',
                owner: 'ee0000000000000000000c02',
                name: 'No picture',
                customer: 'ee0000000000000000000c02',
                customerName: 'Rita Resale ApS',
                employee: 'ee0000000000000000000e02',
                employeeName: 'Rita Reseller',
                solved: false,
                date: NOW,
                files: [],
                comments: [],
              },
            },
          },
        ]);
    });

    it.each<[string, SupportCaseInput]>([
      ['response', { response: { answer: 'Solved it myself' } }],
      ['solved', { solved: false }],
      ['comments', { comments: [{ comment: 'Please hurry' }] }],
    ])('may not set %s', (field, input) => {
      given()
        .when(create({ id: CASE_ID, input: { ...input, name: 'No picture' } }, contextFor(reseller)))
        .then(refused('access_denied', `/${field}`));
    });
  });

  describe('by an ADMIN', () => {
    it('sets every documented field, normalizing ids, dates, the device alias and file ids', () => {
      given()
        .when(
          create({
            id: 'CA5E00000000000000000001',
            input: {
              name: 'No picture',
              description: 'The screen stays black',
              customer: 'CC0000000000000000000C04',
              customerName: 'Hansen Boligforening ApS',
              employee: 'EE0000000000000000000E02',
              employeeName: 'Rita Reseller',
              solved: true,
              date: '2020-02-17T15:36:09.698+01:00',
              lastUpdated: '1999-01-01T00:00:00.000Z',
              device: 'CHROMEMAC',
              systemVersion: '14.2',
              playMakerVersion: '1.23a',
              privateInformation: 'Call Gertrud',
              response: {
                answer: 'Update the app',
                author: 'Support',
                date: '2020-02-18T10:00:00.000Z',
                employee: 'AD0000000000000000000E01',
                employeeName: 'Ada',
              },
              files: [
                { _id: 'F00000000000000000000001', url: 'https://image.telecomx.dk/a.jpeg', type: 'IMAGE' },
                { id: 'F00000000000000000000002', url: 'https://image.telecomx.dk/b.pdf', type: 'DOC' },
              ],
              comments: [
                {
                  _id: 'C0000000000000000000000A',
                  comment: 'It works now',
                  date: '2020-02-19T08:00:00.000Z',
                  customer: 'CC0000000000000000000C04',
                  customerName: 'Hansen Boligforening ApS',
                  employee: 'CC0000000000000000000E05',
                  employeeName: 'Hans Hansen',
                  isSupport: false,
                  files: [{ id: 'F00000000000000000000003', url: 'https://image.telecomx.dk/c.jpeg', type: 'IMAGE' }],
                },
              ],
            },
          }),
        )
        .then([
          {
            type: 'SupportCaseCreated',
            data: {
              supportCase: {
                _id: 'ca5e00000000000000000001',
                owner: 'ad0000000000000000000c01',
                name: 'No picture',
                description: 'The screen stays black',
                customer: 'cc0000000000000000000c04',
                customerName: 'Hansen Boligforening ApS',
                employee: 'ee0000000000000000000e02',
                employeeName: 'Rita Reseller',
                solved: true,
                date: '2020-02-17T14:36:09.698Z',
                device: 'CROMEMAC',
                systemVersion: '14.2',
                playMakerVersion: '1.23a',
                privateInformation: 'Call Gertrud',
                response: {
                  answer: 'Update the app',
                  author: 'Support',
                  date: '2020-02-18T10:00:00.000Z',
                  employee: 'ad0000000000000000000e01',
                  employeeName: 'Ada',
                },
                files: [
                  { _id: 'f00000000000000000000001', url: 'https://image.telecomx.dk/a.jpeg', type: 'IMAGE' },
                  { _id: 'f00000000000000000000002', url: 'https://image.telecomx.dk/b.pdf', type: 'DOC' },
                ],
                comments: [
                  {
                    _id: 'c0000000000000000000000a',
                    comment: 'It works now',
                    date: '2020-02-19T08:00:00.000Z',
                    customer: 'cc0000000000000000000c04',
                    customerName: 'Hansen Boligforening ApS',
                    employee: 'cc0000000000000000000e05',
                    employeeName: 'Hans Hansen',
                    isSupport: false,
                    files: [
                      { _id: 'f00000000000000000000003', url: 'https://image.telecomx.dk/c.jpeg', type: 'IMAGE' },
                    ],
                  },
                ],
              },
            },
          },
        ]);
    });

    it('defaults employee, customer, date, response and comment authors to itself and now', () => {
      given()
        .when(
          create({
            id: CASE_ID,
            input: { name: 'No picture', response: { answer: 'Looking into it' }, comments: [{ comment: 'Noted' }] },
          }),
        )
        .then([
          {
            type: 'SupportCaseCreated',
            data: {
              supportCase: {
                _id: CASE_ID,
                owner: 'ad0000000000000000000c01',
                name: 'No picture',
                customer: 'ad0000000000000000000c01',
                customerName: 'PlayMaker',
                employee: 'ad0000000000000000000e01',
                employeeName: 'Ada Admin',
                solved: false,
                date: NOW,
                response: {
                  answer: 'Looking into it',
                  author: 'PlayMaker Teamet',
                  date: NOW,
                  employee: 'ad0000000000000000000e01',
                  employeeName: 'Ada Admin',
                },
                files: [],
                comments: [
                  {
                    _id: NEW_ID_1,
                    comment: 'Noted',
                    date: NOW,
                    customer: 'ad0000000000000000000c01',
                    customerName: 'PlayMaker',
                    employee: 'ad0000000000000000000e01',
                    employeeName: 'Ada Admin',
                    isSupport: true,
                    files: [],
                  },
                ],
              },
            },
          },
        ]);
    });
  });

  it('takes no customerName from an ADMIN token for a case of another customer', () => {
    const [created] = decideCreate(
      null,
      { id: CASE_ID, input: { name: 'No picture', customer: END_CUSTOMER } },
      contextFor(admin),
    );
    expect(created.data.supportCase).toMatchObject({ customer: END_CUSTOMER });
    expect(created.data.supportCase).not.toHaveProperty('customerName');
  });

  it('refuses a case whose stream already exists', () => {
    given([caseCreated()])
      .when(create({ id: CASE_ID, input: { name: 'Again' } }))
      .then(refused('conflict', '/_id'));
  });

  describe("the reference page's example document", () => {
    // As printed on the reference page, comma before "comments" missing.
    const printed =
      '{ "_id": "1234567890ABCDEF12345678", "name": "Support til Huawei-telefoner", "description": "Kommer der support til Huawei-telefoner i den nære fremtid?", "customer": "1234567890ABCDEF12345678", "customerName": "Hansen Boligforening ApS", "employee": "1234567890ABCDEF12345678", "employeeName": "Hans Hansen", "solved": false, "date": "2020-02-17T14:36:09.698Z", "lastUpdated": "2020-02-17T14:36:09.698Z", "device": "ANDROID", "systemVersion": "1.03", "playMakerVersion": "1.23a", "privateInformation": "Vi skriver på vegne af Gertrud Gertudsen, hun kan kontaktes på +45 8888 9977", "files": [ { "_id": "1234567890ABCDEF12345678", "url": "https://image.telecomx.dk/1234567890ABCDEF12345678.jpeg", "type": "IMAGE" } ] "comments": [ { "_id": "1234567890ABCDEF12345678", "comment": "Det virker nu :-) Tak!", "date": "2020-02-17T14:36:09.698Z", "customer": "1234567890ABCDEF12345678", "customerName": "Hansen Boligforening ApS", "employee": "1234567890ABCDEF12345678", "employeeName": "Hans Hansen", "isSupport": false, "files": [ { "_id": "1234567890ABCDEF12345678", "url": "https://image.telecomx.dk/1234567890ABCDEF12345678.jpeg", "type": "IMAGE" } ] } ] }';

    it('created by an ADMIN comes back through toDocument with the same values, ids in lower case', () => {
      const example = JSON.parse(printed.replace('} ] "comments"', '} ], "comments"')) as SupportCaseInput & {
        _id: string;
        name: string;
      };

      const events = decideCreate(null, { id: example._id, input: example }, contextFor(admin));
      const state = replay(events, NOW);

      expect(toDocument(state!, admin)).toEqual({
        _id: '1234567890abcdef12345678',
        name: 'Support til Huawei-telefoner',
        description: 'Kommer der support til Huawei-telefoner i den nære fremtid?',
        customer: '1234567890abcdef12345678',
        customerName: 'Hansen Boligforening ApS',
        employee: '1234567890abcdef12345678',
        employeeName: 'Hans Hansen',
        solved: false,
        date: '2020-02-17T14:36:09.698Z',
        // The server's time of the write; a caller's lastUpdated is not taken.
        lastUpdated: NOW,
        device: 'ANDROID',
        systemVersion: '1.03',
        playMakerVersion: '1.23a',
        privateInformation: 'Vi skriver på vegne af Gertrud Gertudsen, hun kan kontaktes på +45 8888 9977',
        files: [
          {
            _id: '1234567890abcdef12345678',
            url: 'https://image.telecomx.dk/1234567890ABCDEF12345678.jpeg',
            type: 'IMAGE',
          },
        ],
        comments: [
          {
            _id: '1234567890abcdef12345678',
            comment: 'Det virker nu :-) Tak!',
            date: '2020-02-17T14:36:09.698Z',
            customer: '1234567890abcdef12345678',
            customerName: 'Hansen Boligforening ApS',
            employee: '1234567890abcdef12345678',
            employeeName: 'Hans Hansen',
            isSupport: false,
            files: [
              {
                _id: '1234567890abcdef12345678',
                url: 'https://image.telecomx.dk/1234567890ABCDEF12345678.jpeg',
                type: 'IMAGE',
              },
            ],
          },
        ],
      });
    });
  });
});
