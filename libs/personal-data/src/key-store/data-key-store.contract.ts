import { randomBytes } from 'node:crypto';
import type { DataKeyStore, WrappedKey } from './data-key-store.port';

/** Fresh, empty storage for one test; `open` may be called again to reopen it or to use it from a second store. */
export interface DataKeyStoreFixture {
  open(): Promise<DataKeyStore>;
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

/** Keys by subject, their bytes in hex: compared as values, and readable in a failure. */
function contents(
  keys: ReadonlyMap<string, WrappedKey>,
): Record<string, { keyEncryptionKeyId: string; wrapped: string }> {
  return Object.fromEntries(
    [...keys].map(([subject, { keyEncryptionKeyId, wrapped }]) => [
      subject,
      { keyEncryptionKeyId, wrapped: Buffer.from(wrapped).toString('hex') },
    ]),
  );
}

function pick<T>(record: Record<string, T>, keys: readonly string[]): Record<string, T> {
  return Object.fromEntries(keys.map((key) => [key, record[key]]));
}
