import { GENESIS_HASH, linked, type NewEvent, type RecordedEvent } from '@lib/event-store';
import { UnopenableValue } from '../aes-gcm';
import { SEALED_PREFIX } from '../data-key';
import { DataKeys, DestroyedDataKey, MissingDataKey } from '../data-keys';
import { KeyEncryptionKey } from '../key-encryption-key';
import { SqliteDataKeyStore } from '../key-store/sqlite-data-key.store';
import { EventSealing, UnsealedValue } from './event-sealing';
import type { PersonalFieldPaths } from './personal-values';

const FIELDS: PersonalFieldPaths = {
  data: {
    CaseOpened: ['name', 'description', 'comments.*.text', 'comments.*.files.*.url'],
    CaseClosed: [],
  },
  metadata: ['actor.employeeName'],
};

/** Personal values no sealed event may show, and values that are not personal, which it must. */
const PERSONAL = ['Ada Lovelace', 'printer on fire', 'first comment', 'second comment', 'https://files.example/a.png'];
const NOT_PERSONAL = ['case-1', 'high', 'c-0', 'c-1', 'emp-7', 'corr-1', 'CaseOpened'];

function opened(id = 'event-1'): NewEvent {
  return {
    id,
    type: 'CaseOpened',
    data: {
      caseId: 'case-1',
      priority: 'high',
      name: 'Ada Lovelace',
      description: 'printer on fire',
      comments: [
        { id: 'c-0', text: 'first comment', files: [] },
        { id: 'c-1', text: 'second comment', files: [{ url: 'https://files.example/a.png' }] },
      ],
    },
    metadata: { actor: { employeeId: 'emp-7', employeeName: 'Grace Hopper' }, correlationId: 'corr-1' },
  };
}

function closed(id = 'event-2'): NewEvent {
  return { id, type: 'CaseClosed', data: { reason: 'solved' }, metadata: { actor: { employeeName: 'Grace Hopper' } } };
}

/** Events as the store answers them, stream revisions from 0. */
function recorded(streamId: string, events: readonly NewEvent[], firstRevision = 0): RecordedEvent[] {
  return events.map((event, index) => ({
    ...event,
    streamId,
    revision: firstRevision + index,
    position: { commit: 100 + firstRevision + index, prepare: 100 + firstRevision + index },
    recordedAt: '2026-01-02T03:04:05.000Z',
  }));
}

/** The event with the value at `path` in its data replaced. */
function withData(event: RecordedEvent, change: (data: Record<string, any>) => void): RecordedEvent {
  const data = structuredClone(event.data) as Record<string, any>;
  change(data);
  return { ...event, data };
}

/** The sealed value with one character of its base64 changed to another base64 character. */
function flippedCharacter(sealed: string, index: number): string {
  const at = SEALED_PREFIX.length + index;
  const replacement = sealed[at] === 'A' ? 'B' : 'A';
  return sealed.slice(0, at) + replacement + sealed.slice(at + 1);
}

async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a rejection, but the promise resolved');
    },
    (error: Error) => error,
  );
}

describe('EventSealing', () => {
  const keyEncryptionKey = { key: KeyEncryptionKey.generate(), source: 'a test' };
  let keys: DataKeys;
  let sealing: EventSealing;
  const closeAfterTest: { close(): Promise<void> }[] = [];

  async function keysInMemory(): Promise<DataKeys> {
    const opened = await DataKeys.open(SqliteDataKeyStore.inMemory(), keyEncryptionKey);
    closeAfterTest.push(opened);
    return opened;
  }

  beforeEach(async () => {
    keys = await keysInMemory();
    sealing = new EventSealing(keys, FIELDS);
  });

  afterEach(async () => {
    await Promise.all(closeAfterTest.splice(0).map((closable) => closable.close()));
  });

  it('opens sealed events to the events as they were', async () => {
    const events = [opened(), closed()];

    const sealed = await sealing.seal('case-1', events);

    expect(await sealing.open(recorded('case-1', sealed))).toEqual(recorded('case-1', events));
  });

  it('seals every personal value and no other, so the stored events show no personal value', async () => {
    const sealed = await sealing.seal('case-1', [opened(), closed()]);

    const json = JSON.stringify(sealed);
    for (const value of PERSONAL) expect(json).not.toContain(value);
    expect(json).not.toContain('Grace Hopper');
    for (const value of NOT_PERSONAL) expect(json).toContain(value);
    const data = sealed[0].data as Record<string, any>;
    expect([data.name, data.description, data.comments[1].files[0].url, sealed[1].metadata.actor]).toEqual([
      expect.stringMatching(/^sealed:/),
      expect.stringMatching(/^sealed:/),
      expect.stringMatching(/^sealed:/),
      { employeeName: expect.stringMatching(/^sealed:/) },
    ]);
    expect(sealed.map((event) => event.id)).toEqual(['event-1', 'event-2']);
  });

  it('does not change the events it is given', async () => {
    const events = [opened(), closed()];

    await sealing.seal('case-1', events);

    expect(events).toEqual([opened(), closed()]);
  });

  it('creates the stream’s key when it has none, so that the events open later', async () => {
    await sealing.seal('case-1', [closed()]);

    await expect(keys.keysOf(['case-1'])).resolves.toHaveProperty('size', 1);
  });

  it('opens the events of several streams read together, each under its own key', async () => {
    const first = recorded('case-1', await sealing.seal('case-1', [opened('a-0'), closed('a-1')]));
    const second = recorded('case-2', await sealing.seal('case-2', [opened('b-0')]));

    const read = await sealing.open([first[0], second[0], first[1]]);

    expect(read).toEqual([
      recorded('case-1', [opened('a-0')])[0],
      recorded('case-2', [opened('b-0')])[0],
      recorded('case-1', [opened('a-0'), closed('a-1')])[1],
    ]);
  });

  it('opens no events without reading a key', async () => {
    const keysOf = jest.spyOn(keys, 'keysOf');

    expect(await sealing.open([])).toEqual([]);
    expect(keysOf).not.toHaveBeenCalled();
  });

  describe('asked to open the data only', () => {
    it('opens the data as it was, and takes the actor’s names out', async () => {
      const sealed = recorded('case-1', await sealing.seal('case-1', [opened(), closed()]));

      const read = await sealing.open(sealed, 'data');

      expect(read.map((event) => event.data)).toEqual([opened().data, closed().data]);
      expect(read.map((event) => event.metadata)).toEqual([
        { actor: { employeeId: 'emp-7' }, correlationId: 'corr-1' },
        { actor: {} },
      ]);
    });

    it('leaves the actor’s names unopened: one changed at rest is taken out all the same', async () => {
      const [event] = recorded('case-1', await sealing.seal('case-1', [opened()]));
      const actor = event.metadata.actor as { employeeName: string };
      const changed = {
        ...event,
        metadata: { ...event.metadata, actor: { employeeName: flippedCharacter(actor.employeeName, 20) } },
      };

      await expect(sealing.open([changed])).rejects.toThrow(UnopenableValue);
      expect((await sealing.open([changed], 'data'))[0].metadata).toEqual({ actor: {}, correlationId: 'corr-1' });
    });
  });

  describe('refuses a sealed value changed at rest', () => {
    let event: RecordedEvent;

    beforeEach(async () => {
      [event] = recorded('case-1', await sealing.seal('case-1', [opened()]));
    });

    it('with one character of its base64 changed', async () => {
      const changed = withData(event, (data) => (data.name = flippedCharacter(data.name, 20)));

      await expect(sealing.open([changed])).rejects.toThrow(UnopenableValue);
    });

    it('moved to another path of the same event', async () => {
      const moved = withData(event, (data) => (data.description = data.name));

      await expect(sealing.open([moved])).rejects.toThrow(UnopenableValue);
    });

    it('moved to the same field of another element of an array', async () => {
      const moved = withData(event, (data) => (data.comments[1].text = data.comments[0].text));

      await expect(sealing.open([moved])).rejects.toThrow(UnopenableValue);
    });

    it('moved to the same path of another stream’s event', async () => {
      const [other] = recorded('case-2', await sealing.seal('case-2', [opened('event-9')]));
      const moved = withData(other, (data) => (data.name = (event.data as Record<string, any>).name));

      await expect(sealing.open([moved])).rejects.toThrow(UnopenableValue);
    });
  });

  describe('a personal value stored in the clear', () => {
    it('is refused on open, naming the stream, the revision and the path', async () => {
      const sealed = recorded('case-1', await sealing.seal('case-1', [closed(), opened()]));
      const clear = withData(sealed[1], (data) => (data.comments[1].files[0].url = 'https://files.example/a.png'));

      const error = await rejectionOf(sealing.open([sealed[0], clear]));

      expect(error).toBeInstanceOf(UnsealedValue);
      expect(error.message).toContain('case-1@1');
      expect(error.message).toContain('data.comments.1.files.0.url');
      expect(error.message).not.toContain('https://files.example/a.png');
    });

    it('is listed by its path, with every other value stored in the clear', async () => {
      const [sealed] = await sealing.seal('case-1', [opened()]);
      const partly = {
        ...sealed,
        data: { ...(sealed.data as Record<string, any>), description: 'printer on fire' },
        metadata: { actor: { employeeName: 'Grace Hopper' } },
      };

      expect(sealing.unsealedPaths(partly)).toEqual(['data.description', 'metadata.actor.employeeName']);
      expect(sealing.unsealedPaths(sealed)).toEqual([]);
      expect(sealing.unsealedPaths(opened())).toEqual([
        'data.name',
        'data.description',
        'data.comments.0.text',
        'data.comments.1.text',
        'data.comments.1.files.0.url',
        'metadata.actor.employeeName',
      ]);
    });
  });

  describe('once a stream’s key is destroyed', () => {
    /** Events of a stream as the store keeps them: sealed, then linked onto the stream's hash chain. */
    async function stored(streamId: string, events: readonly NewEvent[]): Promise<RecordedEvent[]> {
      return recorded(streamId, linked(streamId, await sealing.seal(streamId, events), 0, GENESIS_HASH));
    }

    it('opens its events with every personal value taken out and every other value as it was', async () => {
      const [first, second] = await stored('case-1', [opened('a-0'), closed('a-1')]);
      await keys.destroy('case-1');

      const read = await sealing.open([first, second]);

      expect(read).toStrictEqual([
        {
          id: 'a-0',
          streamId: 'case-1',
          revision: 0,
          position: { commit: 100, prepare: 100 },
          recordedAt: '2026-01-02T03:04:05.000Z',
          type: 'CaseOpened',
          data: {
            caseId: 'case-1',
            priority: 'high',
            comments: [
              { id: 'c-0', files: [] },
              { id: 'c-1', files: [{}] },
            ],
          },
          metadata: {
            actor: { employeeId: 'emp-7' },
            correlationId: 'corr-1',
            previousHash: GENESIS_HASH,
            hash: first.metadata.hash,
          },
        },
        {
          id: 'a-1',
          streamId: 'case-1',
          revision: 1,
          position: { commit: 101, prepare: 101 },
          recordedAt: '2026-01-02T03:04:05.000Z',
          type: 'CaseClosed',
          data: { reason: 'solved' },
          metadata: { actor: {}, previousHash: first.metadata.hash, hash: second.metadata.hash },
        },
      ]);
      expect(first.metadata.hash).toMatch(/^[0-9a-f]{64}$/);
      const json = JSON.stringify(read);
      for (const value of [...PERSONAL, 'Grace Hopper', 'sealed:']) expect(json).not.toContain(value);
    });

    it('opens the events of other streams read in the same call', async () => {
      const destroyed = await stored('case-1', [opened('a-0'), closed('a-1')]);
      const kept = await stored('case-2', [opened('b-0'), closed('b-1')]);
      await keys.destroy('case-1');

      const read = await sealing.open([destroyed[0], kept[0], destroyed[1], kept[1]]);

      const expected = recorded('case-2', linked('case-2', [opened('b-0'), closed('b-1')], 0, GENESIS_HASH));
      expect([read[1], read[3]]).toStrictEqual([
        { ...expected[0], metadata: { ...expected[0].metadata, hash: kept[0].metadata.hash } },
        {
          ...expected[1],
          metadata: { ...expected[1].metadata, previousHash: kept[0].metadata.hash, hash: kept[1].metadata.hash },
        },
      ]);
      expect((read[0].data as Record<string, unknown>).name).toBeUndefined();
      expect((read[2].metadata.actor as Record<string, unknown>).employeeName).toBeUndefined();
    });

    it('does not change the events it is given', async () => {
      const events = await stored('case-1', [opened(), closed()]);
      const copy = structuredClone(events);
      await keys.destroy('case-1');

      await sealing.open(events);

      expect(events).toStrictEqual(copy);
    });

    it('refuses to seal new events of the stream, and seals those of other streams', async () => {
      await sealing.seal('case-1', [opened()]);
      await keys.destroy('case-1');

      const error = await rejectionOf(sealing.seal('case-1', [closed()]));

      expect(error).toBeInstanceOf(DestroyedDataKey);
      expect(error.message).toContain('case-1');
      const [sealed] = await sealing.seal('case-2', [closed()]);
      expect(sealed.metadata.actor).toEqual({ employeeName: expect.stringMatching(/^sealed:/) });
    });
  });

  it('refuses events of a stream whose key the store lacks', async () => {
    const sealed = recorded('case-1', await sealing.seal('case-1', [opened()]));
    const elsewhere = new EventSealing(await keysInMemory(), FIELDS);

    await expect(elsewhere.open(sealed)).rejects.toThrow(MissingDataKey);
  });

  it('refuses events of a stream whose key the store lacks, even when they hold no personal value', async () => {
    const elsewhere = new EventSealing(await keysInMemory(), FIELDS);

    await expect(elsewhere.open(recorded('case-1', [{ ...closed(), metadata: {} }]))).rejects.toThrow(MissingDataKey);
  });
});
