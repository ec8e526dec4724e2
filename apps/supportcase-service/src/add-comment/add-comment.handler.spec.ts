import { randomUUID } from 'node:crypto';
import { CASE_ID, admin, caseCommented, caseCreated, storedEvent } from '@lib/domain/testing';
import { ConcurrencyError } from '@lib/event-store';
import { IdempotencyKeyReused } from '../write/idempotency';
import {
  appendEvents,
  appendSealed,
  callerOf,
  commandOutcomes,
  historyOf,
  optionsOf,
  rivalBeforeAppends,
  writeModule,
  type WriteModule,
} from '../testing/write-module';
import type { WriteOptions } from '../write/support-case-writer';
import { AddCommentCommand } from './add-comment.command';
import { AddCommentHandler } from './add-comment.handler';

describe('AddCommentHandler', () => {
  let app: WriteModule;

  beforeEach(async () => {
    app = await writeModule([AddCommentHandler]);
    await appendEvents(app.store, CASE_ID, caseCreated());
  });

  afterEach(() => app.close());

  const addComment = (comment: string, options?: WriteOptions, on = app) =>
    on.commands.execute(new AddCommentCommand(CASE_ID, { comment }, callerOf(admin), options));
  const commentsStored = async () =>
    (await historyOf(app.store, CASE_ID)).filter((event) => event.type === 'SupportCaseCommented');

  describe('an append by another process between load and append', () => {
    it('is retried, the comment added on top of it', async () => {
      rivalBeforeAppends(app.store, () => appendEvents(app.store, CASE_ID, caseCommented('elsewhere', 'Rebooted')));

      const { supportCase, revision } = await addComment('On it');

      expect(revision).toBe(2);
      expect(supportCase.comments.map((comment) => comment.comment)).toEqual(['Still black', 'Rebooted', 'On it']);
      expect(await commentsStored()).toHaveLength(2);
    });

    it('reaches the caller as ConcurrencyError when it keeps losing, after ten attempts', async () => {
      let rivals = 0;
      const rival = () => appendEvents(app.store, CASE_ID, caseCommented(`elsewhere-${++rivals}`, 'Rebooted'));
      rivalBeforeAppends(app.store, rival, Infinity);

      await expect(addComment('On it')).rejects.toBeInstanceOf(ConcurrencyError);
      expect(rivals).toBe(10);
      expect(await commentsStored()).toHaveLength(rivals);
    });
  });

  describe('with an Idempotency-Key', () => {
    const keyed = (key: string, comment: string) =>
      optionsOf({ 'idempotency-key': key }, { comment }, `/iptv/supportcase/${CASE_ID}/comment`);

    it('applies the same request once, answering it again with the same case and revision', async () => {
      const first = await addComment('On it', keyed('comment-1', 'On it'));

      const again = await addComment('On it', keyed('comment-1', 'On it'));

      expect(again).toEqual(first);
      expect(await commentsStored()).toHaveLength(1);
      expect(await commandOutcomes(app.metrics)).toEqual({ 'AddComment appended': 1, 'AddComment unchanged': 1 });
    });

    it('answers a request sent again with the case as that request left it, not as it stands', async () => {
      const first = await addComment('On it', keyed('comment-1', 'On it'));
      await addComment('Fixed');

      expect(await addComment('On it', keyed('comment-1', 'On it'))).toEqual(first);
    });

    // Production bug: earlierAnswer looks a key up at its first use; once that use is past the
    // window, the request the key now stands for is applied each time it is sent. `it` once fixed.
    it('applies once a request whose key was last used before its window', async () => {
      // Stored at the fixtures' NOW, in 2024: long past the window.
      const expired = storedEvent(caseCommented('c00000000000000000000e01', 'Last spring'));
      const metadata = {
        ...expired.metadata,
        actor: admin,
        idempotency: keyed('comment-1', 'Last spring').idempotency,
      };
      await appendSealed(app.store, CASE_ID, [{ ...expired, id: randomUUID(), metadata }]);

      await addComment('On it', keyed('comment-1', 'On it'));
      await addComment('On it', keyed('comment-1', 'On it'));

      expect(await commentsStored()).toHaveLength(2);
    });

    it('stores its key and fingerprint with the events', async () => {
      const options = keyed('comment-1', 'On it');
      await addComment('On it', options);

      const [commented] = await commentsStored();
      expect(commented.metadata.idempotency).toEqual(options.idempotency);
    });

    it('refuses the same key with another request as reused', async () => {
      await addComment('On it', keyed('comment-1', 'On it'));

      const refusal = addComment('Something else', keyed('comment-1', 'Something else'));

      await expect(refusal).rejects.toBeInstanceOf(IdempotencyKeyReused);
      expect(await commentsStored()).toHaveLength(1);
    });

    it('stores once the events of the same request run by two processes at once', async () => {
      const otherProcess = await writeModule([AddCommentHandler], { store: app.store });
      let theirs: unknown;
      rivalBeforeAppends(app.store, async () => {
        theirs = await addComment('On it', keyed('comment-1', 'On it'), otherProcess);
      });

      const mine = await addComment('On it', keyed('comment-1', 'On it'));
      await otherProcess.close();

      expect(mine).toEqual(theirs);
      expect(await commentsStored()).toHaveLength(1);
    });

    it('reads its stream once', async () => {
      const reads = jest.spyOn(app.store, 'readStream');

      await addComment('On it', keyed('comment-1', 'On it'));

      expect(reads).toHaveBeenCalledTimes(1);
    });
  });
});
