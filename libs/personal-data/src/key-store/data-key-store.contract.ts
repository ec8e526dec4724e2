import { randomBytes } from 'node:crypto';
import { DESTROYED, type DataKeyStore, type StoredKey, type WrappedKey } from './data-key-store.port';

/** Fresh, empty storage for one test; `open` may be called again to reopen it or to use it from a second store. */
export interface DataKeyStoreFixture {
  open(): Promise<DataKeyStore>;
  /**
   * Whether the storage still holds these bytes of a wrapped key, read behind the stores' backs
   * as someone with access to it would: what an answer of DESTROYED alone cannot show.
   */
  holds(wrapped: Buffer): Promise<boolean>;
  /** Removes the storage; every store opened on it is closed by then. */
  cleanup(): Promise<void>;
}

/** The behaviour every DataKeyStore adapter promises. */
export function describeDataKeyStoreContract(name: string, create: () => Promise<DataKeyStoreFixture>): void {
  describe(`${name} (DataKeyStore contract)`, () => {
    let fixture: DataKeyStoreFixture;
    let opened: DataKeyStore[];
    let store: DataKeyStore;

    async function open(): Promise<DataKeyStore> {
      const another = await fixture.open();
      opened.push(another);
      return another;
    }

    async function reopen(): Promise<DataKeyStore> {
      await store.close();
      opened.splice(opened.indexOf(store), 1);
      store = await open();
      return store;
    }

    beforeEach(async () => {
      fixture = await create();
      opened = [];
      store = await open();
    });

    afterEach(async () => {
      await Promise.all(opened.map((each) => each.close()));
      await fixture.cleanup();
    });

    describe('when empty', () => {
      it('holds no key of any subject', async () => {
        expect(await store.keysOf(['case-1', 'case-2'])).toEqual(new Map());
        expect(await store.keysOf([])).toEqual(new Map());
      });
    });

    describe('addKeys', () => {
      it('stores the keys and answers them, each with the id of the key it is wrapped under', async () => {
        const keys = new Map([
          ['case-1', wrappedKey('kek-one')],
          ['case-2', wrappedKey('kek-two')],
          ['case-3', wrappedKey('kek-one')],
        ]);

        const added = await store.addKeys(keys);

        expect(contents(added)).toEqual(contents(keys));
        expect(contents(await store.keysOf(['case-1', 'case-2', 'case-3']))).toEqual(contents(keys));
      });

      it('answers only the keys of the subjects asked for', async () => {
        const keys = new Map([
          ['case-1', wrappedKey()],
          ['case-2', wrappedKey()],
        ]);
        await store.addKeys(keys);

        expect(contents(await store.keysOf(['case-2', 'case-9']))).toEqual(
          contents(new Map([['case-2', keys.get('case-2')!]])),
        );
      });

      it('keeps the first key of a subject that already has one, and answers that one', async () => {
        const first = wrappedKey('kek-one');
        await store.addKeys(new Map([['case-1', first]]));
        const other = wrappedKey('kek-two');

        const added = await store.addKeys(
          new Map([
            ['case-1', wrappedKey('kek-two')],
            ['case-2', other],
          ]),
        );

        const expected = contents(
          new Map([
            ['case-1', first],
            ['case-2', other],
          ]),
        );
        expect(contents(added)).toEqual(expected);
        expect(contents(await store.keysOf(['case-1', 'case-2']))).toEqual(expected);
      });

      it('answers both of two stores adding a key for one subject at once with the one key kept', async () => {
        const rival = await open();
        const ours = wrappedKey('kek-one');
        const theirs = wrappedKey('kek-one');

        const [ourAnswer, theirAnswer] = await Promise.all([
          store.addKeys(new Map([['case-1', ours]])),
          rival.addKeys(new Map([['case-1', theirs]])),
        ]);

        expect(contents(ourAnswer)).toEqual(contents(theirAnswer));
        expect([contents(new Map([['case-1', ours]])), contents(new Map([['case-1', theirs]]))]).toContainEqual(
          contents(ourAnswer),
        );
        expect(contents(await store.keysOf(['case-1']))).toEqual(contents(ourAnswer));
        expect(contents(await rival.keysOf(['case-1']))).toEqual(contents(ourAnswer));
      });

      it('answers both of two stores adding many keys at once, some for the same subjects in another order, with the keys kept', async () => {
        const rival = await open();
        const subjects = Array.from({ length: 2_000 }, (_, index) => `case-${index}`);
        const ours = new Map(subjects.slice(0, 1_500).map((subject) => [subject, wrappedKey()]));
        const theirs = new Map(
          subjects
            .slice(500)
            .reverse()
            .map((subject) => [subject, wrappedKey()]),
        );

        const [ourAnswer, theirAnswer] = await Promise.all([store.addKeys(ours), rival.addKeys(theirs)]);

        const kept = contents(await store.keysOf(subjects));
        expect(Object.keys(kept)).toHaveLength(2_000);
        expect(contents(ourAnswer)).toEqual(pick(kept, [...ours.keys()]));
        expect(contents(theirAnswer)).toEqual(pick(kept, [...theirs.keys()]));
        for (const subject of subjects.slice(0, 500)) expect(kept[subject]).toEqual(contents(ours)[subject]);
        for (const subject of subjects.slice(1_500)) expect(kept[subject]).toEqual(contents(theirs)[subject]);
      });

      it('answers an empty map to an empty batch', async () => {
        expect(await store.addKeys(new Map())).toEqual(new Map());
      });
    });

    describe('keysOf', () => {
      it('takes more subjects at once than SQLite takes parameters, answering just those stored', async () => {
        const subjects = Array.from({ length: 40_000 }, (_, index) => `case-${index}`);
        const keys = new Map([
          [subjects[0], wrappedKey()],
          [subjects[20_000], wrappedKey()],
          [subjects[39_999], wrappedKey()],
        ]);
        await store.addKeys(keys);

        expect(contents(await store.keysOf(subjects))).toEqual(contents(keys));
      });

      it('tells apart subjects that differ only in case', async () => {
        const keys = new Map([
          ['Case-1', wrappedKey()],
          ['case-1', wrappedKey()],
        ]);
        await store.addKeys(keys);

        expect(contents(await store.keysOf(['case-1']))).toEqual(contents(new Map([['case-1', keys.get('case-1')!]])));
      });
    });

    describe('destroyKeys', () => {
      it('answers DESTROYED for the destroyed subjects, and the other subjects their keys', async () => {
        const keys = new Map([
          ['case-1', wrappedKey()],
          ['case-2', wrappedKey()],
          ['case-3', wrappedKey()],
        ]);
        await store.addKeys(keys);

        await store.destroyKeys(['case-1', 'case-3']);

        expect(contents(await store.keysOf(['case-1', 'case-2', 'case-3']))).toEqual({
          'case-1': DESTROYED,
          ...contents(new Map([['case-2', keys.get('case-2')!]])),
          'case-3': DESTROYED,
        });
        expect(await fixture.holds(keys.get('case-1')!.wrapped)).toBe(false);
        expect(await fixture.holds(keys.get('case-3')!.wrapped)).toBe(false);
        expect(await fixture.holds(keys.get('case-2')!.wrapped)).toBe(true);
        expect(contents(await store.keysOf(['case-2']))).toEqual(contents(new Map([['case-2', keys.get('case-2')!]])));
      });

      it('destroys only the subject named, not one that differs from it only in case', async () => {
        const keys = new Map([
          ['Case-1', wrappedKey()],
          ['case-1', wrappedKey()],
        ]);
        await store.addKeys(keys);

        await store.destroyKeys(['case-1']);

        expect(contents(await store.keysOf(['Case-1', 'case-1']))).toEqual({
          ...contents(new Map([['Case-1', keys.get('Case-1')!]])),
          'case-1': DESTROYED,
        });
      });

      it('takes a subject destroyed twice, in one call or two, and answers it DESTROYED', async () => {
        const destroyed = wrappedKey();
        const other = wrappedKey();
        await store.addKeys(
          new Map([
            ['case-1', destroyed],
            ['case-2', other],
          ]),
        );

        await store.destroyKeys(['case-1', 'case-1']);
        await store.destroyKeys(['case-1']);

        expect(contents(await store.keysOf(['case-1', 'case-2']))).toEqual({
          'case-1': DESTROYED,
          ...contents(new Map([['case-2', other]])),
        });
        expect(await fixture.holds(destroyed.wrapped)).toBe(false);
      });

      it('marks a subject never keyed as destroyed', async () => {
        await store.destroyKeys(['case-1']);

        expect(contents(await store.keysOf(['case-1', 'case-2']))).toEqual({ 'case-1': DESTROYED });
      });

      it('changes nothing when given no subject', async () => {
        const keys = new Map([['case-1', wrappedKey()]]);
        await store.addKeys(keys);

        await store.destroyKeys([]);

        expect(contents(await store.keysOf(['case-1']))).toEqual(contents(keys));
      });

      it('destroys many subjects at once, keyed or not, and keeps the others', async () => {
        const subjects = Array.from({ length: 2_000 }, (_, index) => `case-${index}`);
        const keys = new Map(subjects.slice(0, 1_500).map((subject) => [subject, wrappedKey()]));
        await store.addKeys(keys);
        const destroyed = subjects.filter((_, index) => index % 2 === 0);

        await store.destroyKeys(destroyed);

        const found = contents(await store.keysOf(subjects));
        expect(Object.keys(found)).toHaveLength(750 + 1_000);
        for (const subject of destroyed) expect(found[subject]).toBe(DESTROYED);
        for (const subject of ['case-0', 'case-750', 'case-1498']) {
          expect(await fixture.holds(keys.get(subject)!.wrapped)).toBe(false);
        }
        for (const subject of subjects.slice(0, 1_500).filter((_, index) => index % 2 === 1)) {
          expect(found[subject]).toEqual(contents(keys)[subject]);
        }
      });

      it('leaves subjects destroyed, keeping none of their keys, when another store adds keys for them at the same time', async () => {
        const rival = await open();
        // Each subject is one race: repeated, so that an interleaving that keeps a key is met.
        const offered = new Map(Array.from({ length: 20 }, (_, index) => [`case-${index}`, wrappedKey()]));

        const answers = await Promise.all(
          [...offered].map(([subject, key]) =>
            Promise.all([store.destroyKeys([subject]), rival.addKeys(new Map([[subject, key]]))]).then(
              ([, added]) => contents(added)[subject],
            ),
          ),
        );

        // The add came first, and answered its key, or after, and was refused.
        const offeredContents = contents(offered);
        answers.forEach((answer, index) =>
          expect([DESTROYED, offeredContents[`case-${index}`]]).toContainEqual(answer),
        );
        const allDestroyed = Object.fromEntries([...offered.keys()].map((subject) => [subject, DESTROYED]));
        expect(contents(await store.keysOf([...offered.keys()]))).toEqual(allDestroyed);
        expect(contents(await rival.keysOf([...offered.keys()]))).toEqual(allDestroyed);
        const kept = [];
        for (const [subject, { wrapped }] of offered) if (await fixture.holds(wrapped)) kept.push(subject);
        expect(kept).toEqual([]);
      });
    });

    describe('addKeys for a destroyed subject', () => {
      it('stores no key for it and answers DESTROYED, while keying the other subjects of the batch', async () => {
        await store.addKeys(new Map([['case-1', wrappedKey()]]));
        await store.destroyKeys(['case-1', 'case-3']);
        const refused = new Map([
          ['case-1', wrappedKey()],
          ['case-3', wrappedKey()],
        ]);
        const others = new Map([
          ['case-2', wrappedKey()],
          ['case-4', wrappedKey()],
        ]);

        const added = await store.addKeys(
          new Map([
            ['case-1', refused.get('case-1')!],
            ['case-2', others.get('case-2')!],
            ['case-3', refused.get('case-3')!],
            ['case-4', others.get('case-4')!],
          ]),
        );

        const expected = { 'case-1': DESTROYED, 'case-3': DESTROYED, ...contents(others) };
        expect(contents(added)).toEqual(expected);
        for (const { wrapped } of refused.values()) expect(await fixture.holds(wrapped)).toBe(false);
        for (const { wrapped } of others.values()) expect(await fixture.holds(wrapped)).toBe(true);
        expect(contents(await store.keysOf(['case-1', 'case-2', 'case-3', 'case-4']))).toEqual(expected);
        expect(contents(await (await reopen()).keysOf(['case-1', 'case-2', 'case-3', 'case-4']))).toEqual(expected);
      });
    });

    describe('rewrapKeys', () => {
      it('re-wraps the keys wrapped under one key-encryption key, records the new one, and leaves the rest', async () => {
        await store.keyEncryptionKeyId('kek-one');
        const one = wrappedKey('kek-one');
        const other = wrappedKey('kek-other');
        await store.addKeys(
          new Map([
            ['case-1', one],
            ['case-2', other],
          ]),
        );
        await store.destroyKeys(['case-3']);

        const count = await store.rewrapKeys('kek-one', 'kek-two', (subject, wrapped) =>
          Buffer.concat([Buffer.from(`${subject}:`), wrapped]),
        );

        expect(count).toBe(1);
        expect(contents(await (await reopen()).keysOf(['case-1', 'case-2', 'case-3']))).toEqual(
          contents(
            new Map<string, StoredKey>([
              [
                'case-1',
                { keyEncryptionKeyId: 'kek-two', wrapped: Buffer.concat([Buffer.from('case-1:'), one.wrapped]) },
              ],
              ['case-2', other],
              ['case-3', DESTROYED],
            ]),
          ),
        );
        expect(await store.keyEncryptionKeyId('kek-one')).toBe('kek-two');
      });

      it('changes nothing when re-wrapping fails for one key', async () => {
        await store.keyEncryptionKeyId('kek-one');
        const keys = new Map([
          ['case-1', wrappedKey('kek-one')],
          ['case-2', wrappedKey('kek-one')],
        ]);
        await store.addKeys(keys);

        const failing = store.rewrapKeys('kek-one', 'kek-two', (subject, wrapped) => {
          if (subject === 'case-2') throw new Error('does not unwrap');
          return wrapped;
        });

        await expect(failing).rejects.toThrow('does not unwrap');
        expect(contents(await store.keysOf(['case-1', 'case-2']))).toEqual(contents(keys));
        expect(await store.keyEncryptionKeyId('kek-one')).toBe('kek-one');
      });
    });

    describe('keyEncryptionKeyId', () => {
      it('records the first id offered and answers it ever after, whatever is offered later', async () => {
        expect(await store.keyEncryptionKeyId('kek-one')).toBe('kek-one');

        expect(await store.keyEncryptionKeyId('kek-two')).toBe('kek-one');
        expect(await store.keyEncryptionKeyId('kek-one')).toBe('kek-one');
      });

      it('answers two stores offering different ids at once with the one recorded', async () => {
        const rival = await open();

        const answers = await Promise.all([store.keyEncryptionKeyId('kek-one'), rival.keyEncryptionKeyId('kek-two')]);

        expect(answers[0]).toBe(answers[1]);
        expect(['kek-one', 'kek-two']).toContain(answers[0]);
        expect(await store.keyEncryptionKeyId('kek-three')).toBe(answers[0]);
      });
    });

    describe('durability and sharing', () => {
      it('keeps the keys across a reopen', async () => {
        const keys = new Map([
          ['case-1', wrappedKey('kek-one')],
          ['case-2', wrappedKey('kek-one')],
        ]);
        await store.addKeys(keys);

        const reopened = await reopen();

        expect(contents(await reopened.keysOf(['case-1', 'case-2']))).toEqual(contents(keys));
      });

      it('keeps the recorded key-encryption key id across a reopen', async () => {
        await store.keyEncryptionKeyId('kek-one');

        const reopened = await reopen();

        expect(await reopened.keyEncryptionKeyId('kek-two')).toBe('kek-one');
      });

      it('keeps a subject destroyed across a reopen', async () => {
        const other = wrappedKey();
        await store.addKeys(
          new Map([
            ['case-1', wrappedKey()],
            ['case-2', other],
          ]),
        );
        await store.destroyKeys(['case-1', 'case-9']);

        const reopened = await reopen();

        expect(contents(await reopened.keysOf(['case-1', 'case-2', 'case-9']))).toEqual({
          'case-1': DESTROYED,
          ...contents(new Map([['case-2', other]])),
          'case-9': DESTROYED,
        });
        expect(contents(await reopened.addKeys(new Map([['case-1', wrappedKey()]])))).toEqual({ 'case-1': DESTROYED });
      });

      it('lets a second store on the same storage see the subjects the first destroyed, even those it had read', async () => {
        const reader = await open();
        const other = wrappedKey();
        await store.addKeys(
          new Map([
            ['case-1', wrappedKey()],
            ['case-2', other],
          ]),
        );
        expect(contents(await reader.keysOf(['case-1']))).not.toEqual({ 'case-1': DESTROYED });

        await store.destroyKeys(['case-1']);

        expect(contents(await reader.keysOf(['case-1', 'case-2']))).toEqual({
          'case-1': DESTROYED,
          ...contents(new Map([['case-2', other]])),
        });
        expect(contents(await reader.addKeys(new Map([['case-1', wrappedKey()]])))).toEqual({ 'case-1': DESTROYED });
      });

      it('lets a second store on the same storage read the keys the first added', async () => {
        const reader = await open();
        const keys = new Map([['case-1', wrappedKey()]]);

        await store.addKeys(keys);

        expect(contents(await reader.keysOf(['case-1']))).toEqual(contents(keys));
      });
    });
  });
}

/** A wrapped key as the store sees it: bytes it keeps as they are, and the id of the key they are wrapped under. */
function wrappedKey(keyEncryptionKeyId = 'kek-one'): WrappedKey {
  return { keyEncryptionKeyId, wrapped: randomBytes(60) };
}

/** Keys by subject, their bytes in hex, or DESTROYED: compared as values, and readable in a failure. */
function contents(
  keys: ReadonlyMap<string, StoredKey>,
): Record<string, { keyEncryptionKeyId: string; wrapped: string } | typeof DESTROYED> {
  return Object.fromEntries(
    [...keys].map(([subject, key]) => [
      subject,
      key === DESTROYED
        ? DESTROYED
        : { keyEncryptionKeyId: key.keyEncryptionKeyId, wrapped: Buffer.from(key.wrapped).toString('hex') },
    ]),
  );
}

function pick<T>(record: Record<string, T>, keys: readonly string[]): Record<string, T> {
  return Object.fromEntries(keys.map((key) => [key, record[key]]));
}
