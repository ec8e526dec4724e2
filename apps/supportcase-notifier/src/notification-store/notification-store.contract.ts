import { randomBytes } from 'node:crypto';
import type { Notification } from './notification';
import type { NotificationQuery, NotificationStore } from './notification-store.port';

export interface NotificationStoreUnderTest {
  readonly store: NotificationStore;
  /** Closes the store and opens it again on the same data. */
  reopen(): Promise<NotificationStore>;
  cleanup(): Promise<void>;
}

const id = () => randomBytes(12).toString('hex');

/** The behaviour every NotificationStore adapter must show; each test gets an empty store. */
export function describeNotificationStoreContract(
  name: string,
  create: () => Promise<NotificationStoreUnderTest>,
): void {
  describe(`${name} (notification store contract)`, () => {
    let subject: NotificationStoreUnderTest;
    let store: NotificationStore;
    const customer = id();
    const reseller = id();

    beforeEach(async () => {
      subject = await create();
      store = subject.store;
    });

    afterEach(() => subject.cleanup());

    const notification = (overrides: Partial<Notification> = {}): Notification => ({
      id: id(),
      caseId: id(),
      caseName: 'No picture on channel 4',
      customer,
      reseller,
      kind: 'solved',
      occurredAt: '2024-05-01T10:00:00.000Z',
      createdAt: '2024-05-01T10:00:01.000Z',
      ...overrides,
    });
    const list = (query: Partial<NotificationQuery> = {}) => store.list({ customer, offset: 0, limit: 100, ...query });
    const idsOf = async (query: Partial<NotificationQuery> = {}) =>
      (await list(query)).notifications.map((found) => found.id);

    it('starts empty', async () => {
      expect(await list()).toEqual({ total: 0, notifications: [] });
    });

    it('gives back what was added, with and without text and comment id', async () => {
      const commented = notification({
        kind: 'commented',
        commentId: id(),
        text: 'We are on it',
        occurredAt: '2024-05-03T00:00:00.000Z',
      });
      const answered = notification({
        kind: 'answered',
        text: 'Restart the box',
        occurredAt: '2024-05-02T00:00:00.000Z',
      });
      const solved = notification({ kind: 'solved' });

      await store.add(commented);
      await store.add(answered);
      await store.add(solved);

      expect(await list()).toEqual({ total: 3, notifications: [commented, answered, solved] });
    });

    it('keeps the first of two notifications with one id', async () => {
      const first = notification({ kind: 'commented', text: 'first' });

      await store.add(first);
      await store.add({ ...first, text: 'second', createdAt: '2024-06-01T00:00:00.000Z' });

      expect(await list()).toEqual({ total: 1, notifications: [first] });
    });

    it('lists only the notifications of the given customer', async () => {
      const own = notification();
      await store.add(own);
      await store.add(notification({ customer: id() }));

      expect(await idsOf()).toEqual([own.id]);
    });

    it('lists the newest occurrence first, then by id', async () => {
      const [a, b] = [id(), id()].sort();
      await store.add(notification({ id: 'old', occurredAt: '2024-01-01T00:00:00.000Z' }));
      await store.add(notification({ id: b, occurredAt: '2024-03-01T00:00:00.000Z' }));
      await store.add(notification({ id: 'newest', occurredAt: '2024-03-01T00:00:00.001Z' }));
      await store.add(notification({ id: a, occurredAt: '2024-03-01T00:00:00.000Z' }));

      expect(await idsOf()).toEqual(['newest', a, b, 'old']);
    });

    it('pages with offset and limit and counts every match', async () => {
      for (const day of ['01', '02', '03', '04', '05']) {
        await store.add(notification({ id: `day-${day}`, occurredAt: `2024-05-${day}T00:00:00.000Z` }));
      }

      expect(await idsOf({ offset: 1, limit: 2 })).toEqual(['day-04', 'day-03']);
      expect((await list({ offset: 1, limit: 2 })).total).toBe(5);
      expect(await list({ offset: 5, limit: 2 })).toEqual({ total: 5, notifications: [] });
    });

    it('shows a reseller the cases it owns and those about itself as the customer', async () => {
      const otherReseller = id();
      const owned = notification({ id: 'owned', reseller: otherReseller });
      const aboutItself = notification({ id: 'about-itself', customer: otherReseller, reseller: reseller });
      await store.add(owned);
      await store.add(aboutItself);
      await store.add(notification({ id: 'someone-elses' }));

      expect(await idsOf({ visibleToReseller: otherReseller })).toEqual(['owned']);
      expect(await idsOf({ customer: otherReseller, visibleToReseller: otherReseller })).toEqual(['about-itself']);
      expect(await list({ visibleToReseller: id() })).toEqual({ total: 0, notifications: [] });
    });

    it('refuses a kind it does not know', async () => {
      // Not toThrow(): better-sqlite3 errors come from the realm that loaded the addon first, so no Error here.
      await expect(store.add({ ...notification(), kind: 'deleted' as Notification['kind'] })).rejects.toHaveProperty(
        'message',
        expect.stringMatching(/check constraint/i),
      );

      expect((await list()).total).toBe(0);
    });

    it("removes a removed comment's text from the notifications carrying it, and nothing else", async () => {
      const caseId = id();
      const commentId = id();
      const removed = notification({ caseId, commentId, kind: 'commented', text: 'Call me on 12 34 56 78' });
      const otherComment = notification({ caseId, commentId: id(), kind: 'commented', text: 'Still here' });
      const sameIdOtherCase = notification({
        commentId,
        kind: 'commented',
        text: 'Another case',
        occurredAt: '2024-04-01T00:00:00.000Z',
      });
      const answered = notification({ caseId, kind: 'answered', text: 'Restart the box' });
      for (const added of [removed, otherComment, sameIdOtherCase, answered]) await store.add(added);

      await store.removeCommentText(caseId, commentId);

      const { text: _removed, ...withoutText } = removed;
      expect((await list()).notifications).toEqual(
        expect.arrayContaining([withoutText, otherComment, sameIdOtherCase, answered]),
      );
    });

    it('keeps a removed text removed when the comment is delivered again', async () => {
      const commented = notification({ commentId: id(), kind: 'commented', text: 'Call me on 12 34 56 78' });
      await store.add(commented);
      await store.removeCommentText(commented.caseId, commented.commentId!);

      await store.add(commented);

      expect((await list()).notifications).toEqual([expect.not.objectContaining({ text: expect.anything() })]);
    });

    it('changes nothing when removing the text of a comment it has no notification of', async () => {
      const commented = notification({ commentId: id(), kind: 'commented', text: 'Still here' });
      await store.add(commented);

      await store.removeCommentText(commented.caseId, id());

      expect((await list()).notifications).toEqual([commented]);
    });

    it("takes every name and text out of an erased case's notifications, and leaves other cases' as they were", async () => {
      const caseId = id();
      const answered = notification({ caseId, kind: 'answered', text: 'Restart the box' });
      const commented = notification({ caseId, commentId: id(), kind: 'commented', text: 'Call Gertrud' });
      const otherCase = notification({ kind: 'answered', text: 'Another answer' });
      for (const added of [answered, commented, otherCase]) await store.add(added);

      await store.eraseCase(caseId);

      const erased = ({ caseName: _name, text: _text, ...kept }: Notification) => kept;
      expect((await list()).notifications).toEqual(
        expect.arrayContaining([erased(answered), erased(commented), otherCase]),
      );
      expect((await list()).total).toBe(3);
    });

    it("keeps an erased case's notifications erased when one is delivered again", async () => {
      const answered = notification({ kind: 'answered', text: 'Restart the box' });
      await store.add(answered);
      await store.eraseCase(answered.caseId);

      await store.add(answered);

      expect((await list()).notifications).toEqual([
        expect.not.objectContaining({ caseName: expect.anything(), text: expect.anything() }),
      ]);
    });

    it('keeps its notifications when opened again', async () => {
      const kept = notification({ kind: 'reopened' });
      await store.add(kept);

      store = await subject.reopen();

      expect(await list()).toEqual({ total: 1, notifications: [kept] });
    });
  });
}
