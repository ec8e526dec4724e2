import type { SupportCaseEventBody } from './events';
import { evolve } from './evolve';
import type { SupportCase } from './support-case';
import { caseCreated } from './testing/events';
import { openCase } from './testing/fixtures';
import { stamped } from './testing/given';

const CREATED_AT = '2024-01-01T00:00:00.000Z';
const LATER = '2024-02-02T12:00:00.000Z';

/** The fixture case as it stands right after it was created. */
const created: SupportCase = { ...openCase(), lastUpdated: CREATED_AT };

const after = (event: SupportCaseEventBody) => evolve(created, stamped(event, LATER));

const fixtureComment = openCase().comments[0];

describe('evolve', () => {
  it('SupportCaseCreated makes the case, last updated when it was created', () => {
    expect(evolve(null, stamped(caseCreated(), CREATED_AT))).toEqual(created);
  });

  it('SupportCaseUpdated sets the changed fields, clears the null ones and keeps the rest', () => {
    const state = after({
      type: 'SupportCaseUpdated',
      data: { changes: { name: 'Black screen', description: null, device: 'CROMEMAC' } },
    });
    expect(state).toEqual({
      _id: 'ca5e00000000000000000001',
      owner: 'ee0000000000000000000c02',
      name: 'Black screen',
      customer: 'cc0000000000000000000c04',
      customerName: 'Hansen Boligforening ApS',
      employee: 'ee0000000000000000000e02',
      employeeName: 'Rita Reseller',
      solved: false,
      date: '2023-12-24T18:00:00.000Z',
      lastUpdated: LATER,
      device: 'CROMEMAC',
      privateInformation: 'Call Gertrud on +45 8888 9977',
      files: [{ _id: 'f00000000000000000000001', url: 'https://image.telecomx.dk/a.jpeg', type: 'IMAGE' }],
      comments: [fixtureComment],
    });
    expect(state).not.toHaveProperty('description');
  });

  it('SupportCaseUpdated with response null removes the response', () => {
    const answered = { ...created, response: { answer: 'Restart', author: 'PlayMaker Teamet', date: CREATED_AT } };
    const state = evolve(
      answered,
      stamped({ type: 'SupportCaseUpdated', data: { changes: { response: null } } }, LATER),
    );
    expect(state).not.toHaveProperty('response');
    expect(state?.lastUpdated).toBe(LATER);
  });

  it('SupportCaseSolved solves the case', () => {
    expect(after({ type: 'SupportCaseSolved', data: {} })).toEqual({ ...created, solved: true, lastUpdated: LATER });
  });

  it('SupportCaseReopened reopens it', () => {
    const solved = { ...created, solved: true };
    expect(evolve(solved, stamped({ type: 'SupportCaseReopened', data: {} }, LATER))).toEqual({
      ...created,
      solved: false,
      lastUpdated: LATER,
    });
  });

  it('SupportCaseResponded sets the response', () => {
    const response = { answer: 'Restart the box', author: 'PlayMaker Teamet', date: LATER };
    expect(after({ type: 'SupportCaseResponded', data: { response } })).toEqual({
      ...created,
      response: { answer: 'Restart the box', author: 'PlayMaker Teamet', date: LATER },
      lastUpdated: LATER,
    });
  });

  it('SupportCaseCommented appends the comment', () => {
    const comment = { _id: 'c0000000000000000000000b', comment: 'On it', date: LATER, isSupport: true, files: [] };
    expect(after({ type: 'SupportCaseCommented', data: { comment } })?.comments).toEqual([
      fixtureComment,
      { _id: 'c0000000000000000000000b', comment: 'On it', date: LATER, isSupport: true, files: [] },
    ]);
  });

  it('SupportCaseCommentEdited changes only what the edit holds', () => {
    const state = after({
      type: 'SupportCaseCommentEdited',
      data: { commentId: 'c0000000000000000000000a', comment: 'Black after restart too' },
    });
    expect(state?.comments).toEqual([
      {
        _id: 'c0000000000000000000000a',
        comment: 'Black after restart too',
        date: '2023-12-25T09:00:00.000Z',
        customer: 'ee0000000000000000000c02',
        customerName: 'Rita Resale ApS',
        employee: 'ee0000000000000000000e02',
        employeeName: 'Rita Reseller',
        isSupport: false,
        files: [],
      },
    ]);
    expect(state?.lastUpdated).toBe(LATER);
  });

  it('SupportCaseCommentRemoved removes the comment', () => {
    const state = after({ type: 'SupportCaseCommentRemoved', data: { commentId: 'c0000000000000000000000a' } });
    expect(state?.comments).toEqual([]);
    expect(state?.lastUpdated).toBe(LATER);
  });

  it('refuses an event on a case that does not exist', () => {
    expect(() => evolve(null, stamped({ type: 'SupportCaseSolved', data: {} }, LATER))).toThrow(
      'SupportCaseSolved on a support case that does not exist',
    );
  });

  it('refuses to create a case twice', () => {
    expect(() => evolve(created, stamped(caseCreated(), LATER))).toThrow('support case created twice');
  });
});
