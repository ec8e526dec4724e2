import { supportCaseDecider, type SupportCaseCommand } from './support-case.decider';
import { caseCreated } from './testing/events';
import { CASE_ID, NEW_ID_1, NOW, admin, contextFor } from './testing/fixtures';
import { EARLIER, replay } from './testing/given';

const { decide, evolve, initialState } = supportCaseDecider;

describe('supportCaseDecider', () => {
  const opened = replay([caseCreated()], EARLIER);

  it('decides each command type of the union, stamping every event with the time of its command', () => {
    const commands: SupportCaseCommand[] = [
      { type: 'CreateSupportCase', data: { id: CASE_ID, input: { name: 'Black' } }, context: contextFor(admin) },
      { type: 'UpdateSupportCase', data: { id: CASE_ID, input: { solved: true } }, context: contextFor(admin) },
      { type: 'AddComment', data: { comment: 'On it' }, context: contextFor(admin) },
      { type: 'RemoveComment', data: { commentId: opened!.comments[0]._id }, context: contextFor(admin) },
    ];
    const decided = commands.map((command) => decide(command, command.type === 'CreateSupportCase' ? null : opened));
    expect(decided.map((events) => events.map((event) => [event.type, event.metadata]))).toEqual([
      [['SupportCaseCreated', { occurredAt: NOW }]],
      [['SupportCaseSolved', { occurredAt: NOW }]],
      [['SupportCaseCommented', { occurredAt: NOW }]],
      [['SupportCaseCommentRemoved', { occurredAt: NOW }]],
    ]);
  });

  it('folds what it decides from its initial state, last updated at the time of the command', () => {
    const created = decide(
      { type: 'CreateSupportCase', data: { id: CASE_ID, input: { name: 'Black' } }, context: contextFor(admin) },
      initialState,
    );
    const commented = decide(
      { type: 'AddComment', data: { comment: 'On it' }, context: contextFor(admin, '2024-06-01T00:00:00.000Z') },
      created.reduce(evolve, initialState),
    );
    const state = [...created, ...commented].reduce(evolve, initialState);
    expect(state).toMatchObject({
      name: 'Black',
      lastUpdated: '2024-06-01T00:00:00.000Z',
      comments: [{ _id: NEW_ID_1, comment: 'On it' }],
    });
  });
});
