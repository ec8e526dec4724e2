import { decideUpdate } from './decide-update';
import type { SupportCaseEventBody } from './events';
import type { SupportCaseInput } from './inputs';
import type { SupportCaseState, SupportResponse } from './support-case';
import { caseCreated } from './testing/events';
import { CASE_ID, COMMENT_ID, NEW_ID_1, NOW, admin, contextFor } from './testing/fixtures';
import { EARLIER, given, refused, replay } from './testing/given';

const update =
  (input: SupportCaseInput, id = CASE_ID) =>
  (state: SupportCaseState) =>
    decideUpdate(state, { id, input }, contextFor(admin));

const answered: SupportResponse = {
  answer: 'Restart the box',
  author: 'Support',
  date: '2024-01-02T10:00:00.000Z',
  employee: 'ad0000000000000000000e01',
  employeeName: 'Ada Admin',
};

/** The fixture's one comment, as a caller that read the case sends it back. */
const knownComment = {
  _id: 'C0000000000000000000000A',
  comment: 'Still black',
  date: '2023-12-25T09:00:00.000Z',
  customer: 'ee0000000000000000000c02',
  customerName: 'Rita Resale ApS',
  employee: 'ee0000000000000000000e02',
  employeeName: 'Rita Reseller',
  isSupport: false,
  files: [],
};

describe('decideUpdate', () => {
  it('refuses an unknown case', () => {
    given()
      .when(update({ name: 'Anything' }))
      .then(refused('not_found'));
  });

  it('refuses an _id in the body that is not the id in the path', () => {
    given([caseCreated()])
      .when(update({ _id: 'ca5e00000000000000000002', name: 'Renamed' }))
      .then(refused('invalid_body', '/_id'));
  });

  it('accepts an _id in the body that equals the path id in upper case', () => {
    given([caseCreated()])
      .when(update({ _id: 'CA5E00000000000000000001', name: 'Renamed' }))
      .then([{ type: 'SupportCaseUpdated', data: { changes: { name: 'Renamed' } } }]);
  });

  it('ignores date and lastUpdated', () => {
    given([caseCreated()])
      .when(update({ date: '2000-01-01T00:00:00.000Z', lastUpdated: '2000-01-01T00:00:00.000Z' }))
      .then([]);
  });

  it('decides no events for a body that changes nothing', () => {
    given([caseCreated({ response: answered })])
      .when(
        update({
          _id: CASE_ID,
          name: 'No picture',
          description: 'The screen stays black',
          customer: 'CC0000000000000000000C04',
          customerName: 'Hansen Boligforening ApS',
          employee: 'EE0000000000000000000E02',
          employeeName: 'Rita Reseller',
          solved: false,
          device: 'APPLETV',
          privateInformation: 'Call Gertrud on +45 8888 9977',
          files: [{ id: 'F00000000000000000000001', url: 'https://image.telecomx.dk/a.jpeg', type: 'IMAGE' }],
          response: { answer: 'Restart the box', author: 'Support', date: '2024-01-02T11:00:00.000+01:00' },
          comments: [knownComment],
        }),
      )
      .then([]);
  });

  it('puts the fields that differ, and only those, into one SupportCaseUpdated', () => {
    given([caseCreated()])
      .when(
        update({
          name: 'Black screen on Apple TV',
          description: 'The screen stays black',
          customer: 'DD0000000000000000000C05',
          customerName: 'Hansen Boligforening ApS',
          device: 'CHROMEMAC',
          systemVersion: '17.1',
        }),
      )
      .then([
        {
          type: 'SupportCaseUpdated',
          data: {
            changes: {
              name: 'Black screen on Apple TV',
              customer: 'dd0000000000000000000c05',
              device: 'CROMEMAC',
              systemVersion: '17.1',
            },
          },
        },
      ]);
  });

  it('clears an optional field sent as null', () => {
    given([caseCreated()])
      .when(update({ description: null, privateInformation: null }))
      .then([{ type: 'SupportCaseUpdated', data: { changes: { description: null, privateInformation: null } } }]);
  });

  it('decides nothing for null on a field that holds no value', () => {
    given([caseCreated()])
      .when(update({ systemVersion: null }))
      .then([]);
  });

  it("replaces the case's files", () => {
    given([caseCreated()])
      .when(
        update({ files: [{ id: 'F00000000000000000000009', url: 'https://image.telecomx.dk/z.pdf', type: 'DOC' }] }),
      )
      .then([
        {
          type: 'SupportCaseUpdated',
          data: {
            changes: {
              files: [{ _id: 'f00000000000000000000009', url: 'https://image.telecomx.dk/z.pdf', type: 'DOC' }],
            },
          },
        },
      ]);
  });

  it('solves an open case', () => {
    given([caseCreated()])
      .when(update({ solved: true }))
      .then([{ type: 'SupportCaseSolved', data: {} }]);
  });

  it('reopens a solved case', () => {
    given([caseCreated(), { type: 'SupportCaseSolved', data: {} }])
      .when(update({ solved: false }))
      .then([{ type: 'SupportCaseReopened', data: {} }]);
  });

  describe('response', () => {
    it('defaults the author, the date and the employee to PlayMaker Teamet, now and the acting admin', () => {
      given([caseCreated()])
        .when(update({ response: { answer: 'Restart the box' } }))
        .then([
          {
            type: 'SupportCaseResponded',
            data: {
              response: {
                answer: 'Restart the box',
                author: 'PlayMaker Teamet',
                date: NOW,
                employee: 'ad0000000000000000000e01',
                employeeName: 'Ada Admin',
              },
            },
          },
        ]);
    });

    it('responds again when a given field differs, keeping what is given', () => {
      given([caseCreated({ response: answered })])
        .when(
          update({
            response: {
              answer: 'Reinstall the app',
              author: 'Support',
              date: '2024-01-03T10:00:00.000Z',
              employee: 'AB0000000000000000000E08',
              employeeName: 'Bo Support',
            },
          }),
        )
        .then([
          {
            type: 'SupportCaseResponded',
            data: {
              response: {
                answer: 'Reinstall the app',
                author: 'Support',
                date: '2024-01-03T10:00:00.000Z',
                employee: 'ab0000000000000000000e08',
                employeeName: 'Bo Support',
              },
            },
          },
        ]);
    });

    it('does not respond again when the fields given are the current ones', () => {
      given([caseCreated({ response: answered })])
        .when(update({ response: { answer: 'Restart the box' } }))
        .then([]);
    });

    it('clears the response sent as null', () => {
      given([caseCreated({ response: answered })])
        .when(update({ response: null }))
        .then([{ type: 'SupportCaseUpdated', data: { changes: { response: null } } }]);
    });
  });

  describe('comments', () => {
    it('adds an entry without _id with a new id, now, the actor as author and isSupport for an ADMIN', () => {
      given([caseCreated()])
        .when(update({ comments: [knownComment, { comment: 'We are on it' }] }))
        .then([
          {
            type: 'SupportCaseCommented',
            data: {
              comment: {
                _id: NEW_ID_1,
                comment: 'We are on it',
                date: NOW,
                customer: 'ad0000000000000000000c01',
                customerName: 'PlayMaker',
                employee: 'ad0000000000000000000e01',
                employeeName: 'Ada Admin',
                isSupport: true,
                files: [],
              },
            },
          },
        ]);
    });

    const retried = {
      _id: 'C0000000000000000000000B',
      comment: 'Fixed on our side',
      date: '2024-01-04T12:00:00.000Z',
      customer: 'CC0000000000000000000C04',
      customerName: 'Hansen Boligforening ApS',
      employee: 'CC0000000000000000000E05',
      employeeName: 'Hans Hansen',
      isSupport: false,
      files: [{ id: 'F00000000000000000000004', url: 'https://image.telecomx.dk/d.jpeg', type: 'IMAGE' as const }],
    };
    const retriedAsAdded = {
      _id: 'c0000000000000000000000b',
      comment: 'Fixed on our side',
      date: '2024-01-04T12:00:00.000Z',
      customer: 'cc0000000000000000000c04',
      customerName: 'Hansen Boligforening ApS',
      employee: 'cc0000000000000000000e05',
      employeeName: 'Hans Hansen',
      isSupport: false,
      files: [{ _id: 'f00000000000000000000004', url: 'https://image.telecomx.dk/d.jpeg', type: 'IMAGE' as const }],
    };

    it('adds an entry with an unknown _id, keeping its _id and the fields given', () => {
      given([caseCreated()])
        .when(update({ comments: [retried] }))
        .then([{ type: 'SupportCaseCommented', data: { comment: retriedAsAdded } }]);
    });

    it('does not add a retried comment twice', () => {
      given([caseCreated(), { type: 'SupportCaseCommented', data: { comment: retriedAsAdded } }])
        .when(update({ comments: [retried] }))
        .then([]);
    });

    it('edits the text of a known comment', () => {
      given([caseCreated()])
        .when(update({ comments: [{ ...knownComment, comment: 'Still black after restart' }] }))
        .then([
          { type: 'SupportCaseCommentEdited', data: { commentId: COMMENT_ID, comment: 'Still black after restart' } },
        ]);
    });

    it('edits the files of a known comment', () => {
      given([caseCreated()])
        .when(
          update({
            comments: [
              {
                ...knownComment,
                files: [{ _id: 'F00000000000000000000005', url: 'https://image.telecomx.dk/e.jpeg', type: 'IMAGE' }],
              },
            ],
          }),
        )
        .then([
          {
            type: 'SupportCaseCommentEdited',
            data: {
              commentId: COMMENT_ID,
              files: [{ _id: 'f00000000000000000000005', url: 'https://image.telecomx.dk/e.jpeg', type: 'IMAGE' }],
            },
          },
        ]);
    });

    it("never removes comments missing from a stale caller's list", () => {
      const history: SupportCaseEventBody[] = [
        caseCreated(),
        { type: 'SupportCaseCommented', data: { comment: retriedAsAdded } },
      ];

      given(history)
        .when(update({ comments: [knownComment] }))
        .then([]);
      given(history)
        .when(update({ comments: [] }))
        .then([]);

      const stale = update({ comments: [{ _id: 'C0000000000000000000000C', comment: 'Any news?' }] });
      const state = replay(history, EARLIER);
      const after = replay(stale(state), NOW, state);
      expect(after?.comments.map((comment) => comment._id)).toEqual([
        'c0000000000000000000000a',
        'c0000000000000000000000b',
        'c0000000000000000000000c',
      ]);
    });
  });
});
