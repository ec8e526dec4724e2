import { START_OF_LOG } from '@lib/event-store';
import type { ListQuery, ReadModelStore } from './read-model.port';
import { caseCommented, caseCreated, caseErased, caseSolved } from '@lib/domain/testing';
import { RecordingLog, toNewEvent } from './testing/stored-events';

export interface ReadModelStoreUnderTest {
  readonly store: ReadModelStore;
  cleanup(): Promise<void>;
}

/** The behaviour every ReadModelStore adapter must show; each test gets an empty store. */
export function describeReadModelContract(name: string, create: () => Promise<ReadModelStoreUnderTest>): void {
  describe(`${name} (read model contract)`, () => {
    let subject: ReadModelStoreUnderTest;
    let store: ReadModelStore;
    let log: RecordingLog;

    beforeEach(async () => {
      subject = await create();
      store = subject.store;
      log = new RecordingLog();
    });

    afterEach(() => subject.cleanup());

    const opened = (caseId: string, owner: string, customer: string, date: string) =>
      log.recordCase(caseId, caseCreated({ _id: caseId, owner, customer, date, comments: [] }));
    const list = (query: Partial<ListQuery> = {}) => store.listCases({ offset: 0, limit: 100, ...query });
    const idsOf = async (query: Partial<ListQuery> = {}) => (await list(query)).cases.map((c) => c._id);

    describe('handle', () => {
      it('starts empty at the start of the log', async () => {
        expect(await store.loadCheckpoint()).toEqual(START_OF_LOG);
        expect(await list()).toEqual({ total: 0, cases: [] });
      });

      it('applies the events and moves the checkpoint to the last one', async () => {
        const events = [
          opened('aa01', 'reseller-1', 'customer-1', '2024-01-01T00:00:00.000Z'),
          log.recordCase('aa01', caseCommented('c1', 'hello'), '2024-01-02T00:00:00.000Z'),
        ];

        await store.handle(events);

        const row = await store.getCase('aa01');
        expect(row?.revision).toBe(1);
        expect(row?.supportCase).toMatchObject({
          _id: 'aa01',
          lastUpdated: '2024-01-02T00:00:00.000Z',
          comments: [expect.objectContaining({ _id: 'c1', comment: 'hello' })],
        });
        expect(await store.loadCheckpoint()).toEqual(events[1].position);
      });

      it('moves the checkpoint past events of other streams without storing rows for them', async () => {
        const other = log.record('user-1', { ...toNewEvent(caseSolved()), type: 'UserRenamed' });

        await store.handle([other]);

        expect(await store.loadCheckpoint()).toEqual(other.position);
        expect((await list()).total).toBe(0);
      });

      it('changes nothing when a batch is delivered again, even after later batches', async () => {
        const first = [
          opened('aa01', 'r1', 'c1', '2024-01-01T00:00:00.000Z'),
          log.recordCase('aa01', caseCommented('c1', 'once')),
        ];
        const second = [log.recordCase('aa01', caseSolved())];
        await store.handle(first);
        await store.handle(second);
        const before = { row: await store.getCase('aa01'), checkpoint: await store.loadCheckpoint() };

        await store.handle(first);
        await store.handle(second);

        expect({ row: await store.getCase('aa01'), checkpoint: await store.loadCheckpoint() }).toEqual(before);
        expect(before.row?.supportCase.comments).toHaveLength(1);
        expect(before.checkpoint).toEqual(second[0].position);
      });

      it('stores neither rows nor checkpoint of a batch that fails', async () => {
        const applied = [opened('aa01', 'r1', 'c1', '2024-01-01T00:00:00.000Z')];
        await store.handle(applied);
        const failing = [
          log.recordCase('aa01', caseSolved()),
          opened('bb02', 'r1', 'c1', '2024-01-02T00:00:00.000Z'),
          log.recordCase('cc03', caseSolved()), // a case that was never created cannot be evolved
        ];

        await expect(store.handle(failing)).rejects.toThrow();

        expect((await store.getCase('aa01'))?.supportCase.solved).toBe(false);
        expect(await store.getCase('bb02')).toBeUndefined();
        expect(await store.loadCheckpoint()).toEqual(applied[0].position);
      });
    });

    describe('solvedUnchangedSince', () => {
      it('finds the cases solved and unchanged since before the cutoff, and no erased one', async () => {
        await store.handle([
          opened('aa01', 'r1', 'c1', '2024-01-01T00:00:00.000Z'),
          log.recordCase('aa01', caseSolved(), '2024-01-05T00:00:00.000Z'),
          opened('bb02', 'r1', 'c1', '2024-01-01T00:00:00.000Z'),
          log.recordCase('bb02', caseSolved(), '2024-03-01T00:00:00.000Z'),
          opened('cc03', 'r1', 'c1', '2024-01-01T00:00:00.000Z'),
          opened('dd04', 'r1', 'c1', '2024-01-01T00:00:00.000Z'),
          log.recordCase('dd04', caseSolved(), '2024-01-05T00:00:00.000Z'),
          log.recordCase('dd04', caseErased(), '2024-01-06T00:00:00.000Z'),
          opened('ee05', 'r1', 'c1', '2024-01-01T00:00:00.000Z'),
          log.recordCase('ee05', caseSolved(), '2024-01-02T00:00:00.000Z'),
        ]);

        expect(await store.solvedUnchangedSince('2024-02-01T00:00:00.000Z', 10)).toEqual(['aa01', 'ee05']);
        expect(await store.solvedUnchangedSince('2024-02-01T00:00:00.000Z', 1)).toEqual(['aa01']);
        expect(await store.solvedUnchangedSince('2024-01-03T00:00:00.000Z', 10)).toEqual(['ee05']);
      });
    });

    describe('getCase', () => {
      it('returns undefined for an unknown case', async () => {
        await store.handle([opened('aa01', 'r1', 'c1', '2024-01-01T00:00:00.000Z')]);

        expect(await store.getCase('bb02')).toBeUndefined();
      });

      it('finds a case whatever the case of its id', async () => {
        await store.handle([opened('aa01', 'r1', 'c1', '2024-01-01T00:00:00.000Z')]);

        expect((await store.getCase('AA01'))?.supportCase._id).toBe('aa01');
      });
    });

    describe('listCases', () => {
      beforeEach(async () => {
        await store.handle([
          opened('aa01', 'reseller-1', 'customer-1', '2024-01-03T00:00:00.000Z'),
          opened('bb02', 'platform', 'reseller-1', '2024-01-05T00:00:00.000Z'),
          opened('cc03', 'platform', 'customer-2', '2024-01-04T00:00:00.000Z'),
          opened('dd04', 'reseller-2', 'customer-1', '2024-01-01T00:00:00.000Z'),
          opened('ee05', 'reseller-1', 'customer-2', '2024-01-02T00:00:00.000Z'),
          opened('ab06', 'reseller-2', 'customer-2', '2024-01-04T00:00:00.000Z'),
        ]);
      });

      it('orders the newest date first, then by id', async () => {
        expect(await idsOf()).toEqual(['bb02', 'ab06', 'cc03', 'aa01', 'ee05', 'dd04']);
      });

      it('pages with offset and limit, counting every match in total', async () => {
        expect(await list({ offset: 1, limit: 2 })).toEqual({
          total: 6,
          cases: [expect.objectContaining({ _id: 'ab06' }), expect.objectContaining({ _id: 'cc03' })],
        });
        expect(await list({ offset: 5, limit: 2 })).toMatchObject({ total: 6, cases: [{ _id: 'dd04' }] });
        expect(await list({ offset: 6, limit: 2 })).toEqual({ total: 6, cases: [] });
      });

      it('filters by customer', async () => {
        expect(await list({ customer: 'customer-1' })).toMatchObject({
          total: 2,
          cases: [{ _id: 'aa01' }, { _id: 'dd04' }],
        });
      });

      it('filters to the cases a reseller opened or that are of its own customer id', async () => {
        expect(await idsOf({ visibleToReseller: 'reseller-1' })).toEqual(['bb02', 'aa01', 'ee05']);
        expect((await list({ visibleToReseller: 'reseller-1', limit: 1 })).total).toBe(3);
      });

      it('combines both filters', async () => {
        expect(await idsOf({ visibleToReseller: 'reseller-1', customer: 'customer-2' })).toEqual(['ee05']);
      });

      it('filters by solved, alone and with the others', async () => {
        await store.handle([log.recordCase('cc03', caseSolved()), log.recordCase('ee05', caseSolved())]);

        expect(await list({ solved: true })).toMatchObject({ total: 2, cases: [{ _id: 'cc03' }, { _id: 'ee05' }] });
        expect(await idsOf({ solved: false })).toEqual(['bb02', 'ab06', 'aa01', 'dd04']);
        expect(await idsOf({ solved: true, customer: 'customer-2', visibleToReseller: 'reseller-1' })).toEqual([
          'ee05',
        ]);
        expect(await idsOf({ solved: false, customer: 'customer-2' })).toEqual(['ab06']);
      });

      it('returns the current documents', async () => {
        await store.handle([log.recordCase('aa01', caseSolved(), '2024-02-01T00:00:00.000Z')]);

        expect((await list({ customer: 'customer-1' })).cases[0]).toMatchObject({
          _id: 'aa01',
          solved: true,
          lastUpdated: '2024-02-01T00:00:00.000Z',
        });
      });

      it('moves a case to the customer and date an update gives it, in the same batch as a case that keeps its own', async () => {
        const changes = { customer: 'customer-2', date: '2024-01-06T00:00:00.000Z' };
        await store.handle([
          log.recordCase('aa01', { type: 'SupportCaseUpdated', data: { changes } }),
          log.recordCase('dd04', caseSolved()),
        ]);

        expect(await idsOf({ customer: 'customer-1' })).toEqual(['dd04']);
        expect(await idsOf({ customer: 'customer-2' })).toEqual(['aa01', 'ab06', 'cc03', 'ee05']);
        expect((await list({ customer: 'customer-1' })).cases[0]).toMatchObject({ _id: 'dd04', solved: true });
      });
    });
  });
}
