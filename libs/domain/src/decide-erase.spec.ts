import { decideErase } from './decide-erase';
import type { SupportCaseEventBody } from './events';
import type { SupportCaseState } from './support-case';
import { supportCaseDecider } from './support-case.decider';
import { caseCommented, caseCreated } from './testing/events';
import { CASE_ID, COMMENT_ID, NOW, admin, contextFor } from './testing/fixtures';
import { EARLIER, given, refused, replay } from './testing/given';

const erase = (reason: string) => (state: SupportCaseState) => decideErase(state, { reason });
const erased: SupportCaseEventBody = { type: 'SupportCaseErased', data: { reason: 'GDPR art. 17' } };

describe('decideErase', () => {
  it('erases a case, saying why', () => {
    given([caseCreated()]).when(erase('GDPR art. 17')).then([erased]);
  });

  it('erases an erased case no more: the first erasure stands', () => {
    given([caseCreated(), erased]).when(erase('asked again')).then([]);
  });

  it('refuses a missing case as not found', () => {
    given([]).when(erase('GDPR art. 17')).then(refused('not_found'));
  });
});

describe('an erased case', () => {
  const state = replay([caseCreated(), caseCommented('c00000000000000000000c02', 'Call me'), erased], EARLIER);

  it('keeps its ids, dates, flags and device, says when and why it was erased, and holds no name or text', () => {
    const { _id, owner, customer, employee, date, solved, device, comments, files } = caseCreated().data.supportCase;
    expect(state).toEqual({
      _id,
      owner,
      customer,
      employee,
      date,
      solved,
      device,
      lastUpdated: EARLIER,
      files: files.map(({ url: _url, ...file }) => file),
      comments: [
        ...comments.map(({ comment: _c, customerName: _cn, employeeName: _en, ...kept }) => kept),
        expect.not.objectContaining({ comment: expect.anything() }),
      ],
      erased: { date: EARLIER, reason: 'GDPR art. 17' },
    });
  });

  it.each([
    ['UpdateSupportCase', { type: 'UpdateSupportCase', data: { id: CASE_ID, input: { solved: true } } }],
    ['AddComment', { type: 'AddComment', data: { comment: 'Hello again' } }],
    ['RemoveComment', { type: 'RemoveComment', data: { commentId: COMMENT_ID } }],
  ] as const)('refuses %s as a conflict, naming the erasure', (_name, command) => {
    const decide = () => supportCaseDecider.decide({ ...command, context: contextFor(admin, NOW) } as never, state);

    expect(decide).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(decide).toThrow(`the case was erased on ${EARLIER} and takes no more changes`);
  });
});
