import type { Actor } from './decision-context';
import { decideAddComment, decideRemoveComment, type AddComment } from './decide-comment';
import type { SupportCaseState } from './support-case';
import { caseCreated } from './testing/events';
import { END_CUSTOMER, NEW_ID_1, NEW_ID_2, NOW, admin, contextFor, otherReseller, reseller } from './testing/fixtures';
import { given, refused } from './testing/given';

const addComment = (command: AddComment, actor: Actor) => (state: SupportCaseState) =>
  decideAddComment(state, command, contextFor(actor));

const removeComment = (commentId: string) => (state: SupportCaseState) => decideRemoveComment(state, { commentId });

describe('decideAddComment', () => {
  it('adds an ADMIN comment as support, with a new id and now', () => {
    given([caseCreated()])
      .when(
        addComment(
          { comment: 'Fixed in 1.24', files: [{ url: 'https://image.telecomx.dk/fix.pdf', type: 'DOC' }] },
          admin,
        ),
      )
      .then([
        {
          type: 'SupportCaseCommented',
          data: {
            comment: {
              _id: NEW_ID_1,
              comment: 'Fixed in 1.24',
              date: NOW,
              customer: 'ad0000000000000000000c01',
              customerName: 'PlayMaker',
              employee: 'ad0000000000000000000e01',
              employeeName: 'Ada Admin',
              isSupport: true,
              files: [{ _id: NEW_ID_2, url: 'https://image.telecomx.dk/fix.pdf', type: 'DOC' }],
            },
          },
        },
      ]);
  });

  it('adds a comment by the RESELLER that owns the case, not as support', () => {
    given([caseCreated({ owner: reseller.customer, customer: END_CUSTOMER })])
      .when(addComment({ comment: 'Any news?' }, reseller))
      .then([
        {
          type: 'SupportCaseCommented',
          data: {
            comment: {
              _id: NEW_ID_1,
              comment: 'Any news?',
              date: NOW,
              customer: 'ee0000000000000000000c02',
              customerName: 'Rita Resale ApS',
              employee: 'ee0000000000000000000e02',
              employeeName: 'Rita Reseller',
              isSupport: false,
              files: [],
            },
          },
        },
      ]);
  });

  it('adds a comment by a RESELLER whose customer id is the case customer', () => {
    given([caseCreated({ owner: admin.customer, customer: otherReseller.customer })])
      .when(addComment({ comment: 'Me too' }, otherReseller))
      .then([
        {
          type: 'SupportCaseCommented',
          data: {
            comment: {
              _id: NEW_ID_1,
              comment: 'Me too',
              date: NOW,
              customer: 'ff0000000000000000000c03',
              customerName: 'Other ApS',
              employee: 'ff0000000000000000000e03',
              employeeName: 'Otto Other',
              isSupport: false,
              files: [],
            },
          },
        },
      ]);
  });

  it('refuses a missing case as not found', () => {
    given()
      .when(addComment({ comment: 'Hello?' }, admin))
      .then(refused('not_found'));
  });

  it('refuses a RESELLER that may not see the case as not found', () => {
    given([caseCreated()])
      .when(addComment({ comment: 'Peeking' }, otherReseller))
      .then(refused('not_found'));
  });
});

describe('decideRemoveComment', () => {
  it('removes a known comment, whatever the case of its id', () => {
    given([caseCreated()])
      .when(removeComment('C0000000000000000000000A'))
      .then([{ type: 'SupportCaseCommentRemoved', data: { commentId: 'c0000000000000000000000a' } }]);
  });

  it('refuses an unknown comment as not found', () => {
    given([caseCreated()]).when(removeComment('c0000000000000000000000f')).then(refused('not_found', '/commentId'));
  });

  it('refuses a missing case as not found', () => {
    given().when(removeComment('c0000000000000000000000a')).then(refused('not_found'));
  });
});
