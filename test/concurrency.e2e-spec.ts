import { isDeepStrictEqual } from 'node:util';
import { createApp } from '../apps/supportcase-service/src/app.factory';
import { requestAt } from './support/service-process';
import { newId, ServiceUnderTest, type Reply } from './support/service-under-test';
import { expectProblem, SUPPORT_CASES, SupportCaseClient, type HistoryEvent } from './support/support-case-client';

const UPDATES = 500;
const ADMINS = 5;

const etagOf = (reply: Reply): number => Number(JSON.parse(reply.headers.get('etag') ?? 'NaN'));

/** Update `n`: comments, field changes, solved/reopened, and several at once; each with texts only it carries. */
function updateBody(n: number): Record<string, unknown> {
  const marker = (what: string) => `${what} ${n}`;
  switch (n % 4) {
    case 0:
      return { comments: [{ comment: marker('kommentar') }] };
    case 1:
      return { description: marker('beskrivelse') };
    case 2:
      return { systemVersion: marker('version'), comments: [{ comment: marker('kommentar') }] };
    default:
      return { playMakerVersion: marker('playmaker'), solved: n % 8 === 3 };
  }
}

/** The texts of `updateBody` that `value` holds, anywhere in it. */
const textsIn = (value: unknown): string[] =>
  JSON.stringify(value).match(/(kommentar|beskrivelse|version|playmaker) \d+/g) ?? [];

/** How often each text appears in the data of the stored events. */
function storedTexts(events: readonly HistoryEvent[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of events.flatMap((event) => textsIn(event.data))) counts.set(text, (counts.get(text) ?? 0) + 1);
  return counts;
}

describe('concurrent writers', () => {
  let service: ServiceUnderTest;
  let admins: SupportCaseClient[];

  beforeAll(async () => {
    service = await ServiceUnderTest.start();
    admins = await Promise.all(
      Array.from(
        { length: ADMINS },
        async () => new SupportCaseClient(service, await service.token({ accessLevel: 'ADMIN' })),
      ),
    );
  });
  afterAll(() => service?.stop());

  describe(`${UPDATES} concurrent updates to one case from ${ADMINS} admins`, () => {
    let id: string;
    let bodies: Record<string, unknown>[];
    let replies: Reply[];
    let history: HistoryEvent[];

    beforeAll(async () => {
      id = (await admins[0].created({ name: 'samtidighed' }))._id;
      bodies = Array.from({ length: UPDATES }, (_, n) => updateBody(n));
      replies = await Promise.all(bodies.map((body, n) => admins[n % ADMINS].update(id, body)));
      history = await admins[0].history(id);
    }, 60_000);

    it('answers every one 200, each at a revision of its own', () => {
      expect(replies.filter((reply) => reply.status !== 200).map(({ status, body }) => ({ status, body }))).toEqual([]);
      expect(new Set(replies.map(etagOf)).size).toBe(UPDATES);
      expect(Math.max(...replies.map(etagOf))).toBe(history[history.length - 1].revision);
    });

    it('stores the text of every update exactly once, and nothing else', () => {
      const sent = bodies.flatMap(textsIn);
      const stored = storedTexts(history);
      expect([...stored.keys()].sort()).toEqual([...sent].sort());
      expect([...stored].filter(([, count]) => count !== 1)).toEqual([]);
      expect(history.map((event) => event.revision)).toEqual(history.map((_, revision) => revision));
    });

    it('projects a document equal to the fold of the stream and to the last answer, with every comment once', async () => {
      const last = history[history.length - 1].revision;
      const projected = await admins[0].projected(id);
      const folded = await admins[0].get(id, `?revision=${last}`);
      const lastAnswer = replies.find((reply) => etagOf(reply) === last)!;

      expect(projected.headers.get('etag')).toBe(`"${last}"`);
      expect(projected.body).toEqual(folded.body);
      expect(projected.body).toEqual(lastAnswer.body);
      const comments = projected.body.comments.map((comment: { comment: string }) => comment.comment);
      const sentComments = bodies.flatMap((body) => (body.comments as { comment: string }[] | undefined) ?? []);
      expect([...comments].sort()).toEqual(sentComments.map((comment) => comment.comment).sort());
      expect(new Set(projected.body.comments.map((comment: { _id: string }) => comment._id)).size).toBe(
        comments.length,
      );
    });

    it('answered each update with the case as the stream stood at its ETag', async () => {
      const mismatched: number[] = [];
      for (let n = 0; n < UPDATES; n += 25) {
        const slice = replies.slice(n, n + 25);
        const asOf = await Promise.all(slice.map((reply) => admins[0].get(id, `?revision=${etagOf(reply)}`)));
        slice.forEach((reply, i) => {
          if (!isDeepStrictEqual(reply.body, asOf[i].body)) mismatched.push(etagOf(reply));
        });
      }
      expect(mismatched).toEqual([]);
    }, 60_000);
  });

  describe('two creates racing on one _id', () => {
    it.each([
      ['the same spelling', (id: string) => id],
      ['upper and lower case', (id: string) => id.toUpperCase()],
    ])('answers one 200 and the other 409 conflict, and stores one SupportCaseCreated (%s)', async (_, spell) => {
      for (let round = 0; round < 10; round++) {
        const id = newId();
        const [first, second] = await Promise.all([
          admins[1].create({ _id: id, name: 'første' }),
          admins[2].create({ _id: spell(id), name: 'anden' }),
        ]);

        const [winner, loser] = first.status === 200 ? [first, second] : [second, first];
        expect(winner.status).toBe(200);
        expectProblem(loser, 409, 'conflict');
        const events = await admins[0].history(id);
        expect(events.map((event) => event.type)).toEqual(['SupportCaseCreated']);
        expect((await admins[0].projected(id)).body).toEqual(winner.body);
      }
    });

    it('holds when the two creates come through two API instances on one store', async () => {
      // A second API instance on the same SQLite file: its own command queue and connection, so
      // only the store's expected revision stands between the two creates.
      const second = await createApp({ ...service.config, roles: new Set(['api']) });
      await second.listen(0, '127.0.0.1');
      try {
        const otherUrl = await second.getUrl();
        const token = await service.token({ accessLevel: 'ADMIN' });
        for (let round = 0; round < 10; round++) {
          const id = newId();
          const replies = await Promise.all([
            admins[1].create({ _id: id, name: 'første' }),
            requestAt(otherUrl, 'POST', SUPPORT_CASES, { token, body: { _id: id, name: 'anden' } }),
          ]);

          expect(replies.map((reply) => reply.status).sort()).toEqual([200, 409]);
          expect((await admins[0].history(id)).map((event) => event.type)).toEqual(['SupportCaseCreated']);
        }
      } finally {
        await second.close();
      }
    });
  });
});
