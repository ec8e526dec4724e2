import { PERSONAL_FIELDS, streamIdOf } from '@lib/domain';
import type { RecordedEvent } from '@lib/event-store';
import { EventSealing } from '@lib/personal-data';
import { dataKeysInMemory } from '@lib/personal-data/testing';
import type { ProjectedCase } from './read-model.port';
import { caseIdOfStream, PROJECTED_VALUES, projectBatch, projectEvent } from './support-case.projection';
import { caseCommented, caseCreated, caseSolved } from '@lib/domain/testing';
import { RecordingLog, toNewEvent } from './testing/stored-events';

const opening = { owner: 'reseller-1', customer: 'customer-1', date: '2024-04-01T08:00:00.000Z', comments: [] };

function rowAfter(events: readonly RecordedEvent[], from?: ProjectedCase): ProjectedCase | undefined {
  return events.reduce(projectEvent, from);
}

describe('support case projection', () => {
  let log: RecordingLog;
  beforeEach(() => {
    log = new RecordingLog();
  });

  it('given a created case, then its row holds the case at revision 0', () => {
    const created = caseCreated({ _id: 'ab01', ...opening });

    const row = rowAfter([log.recordCase('ab01', created, '2024-04-01T08:00:01.000Z')]);

    expect(row).toEqual({
      revision: 0,
      supportCase: { ...created.data.supportCase, lastUpdated: '2024-04-01T08:00:01.000Z' },
    });
  });

  it('given later events, then the row folds them and takes the last revision and time', () => {
    const row = rowAfter([
      log.recordCase('ab01', caseCreated({ _id: 'ab01', ...opening })),
      log.recordCase('ab01', caseCommented('c1', 'first')),
      log.recordCase('ab01', caseSolved(), '2024-04-02T09:00:00.000Z'),
    ]);

    expect(row?.revision).toBe(2);
    expect(row?.supportCase).toMatchObject({
      _id: 'ab01',
      owner: 'reseller-1',
      customer: 'customer-1',
      solved: true,
      lastUpdated: '2024-04-02T09:00:00.000Z',
      comments: [expect.objectContaining({ _id: 'c1', comment: 'first' })],
    });
  });

  it('given a re-delivered event, then the row is unchanged', () => {
    const commented = [
      log.recordCase('ab01', caseCreated({ _id: 'ab01', ...opening })),
      log.recordCase('ab01', caseCommented('c1', 'once')),
    ];
    const row = rowAfter(commented);

    expect(projectEvent(row, commented[1])).toBe(row);
    expect(rowAfter(commented, row)).toBe(row);
  });

  it('given an event of another kind of stream, then no row is touched', () => {
    const row = rowAfter([log.recordCase('ab01', caseCreated({ _id: 'ab01', ...opening }))]);
    const other = log.record('user-1', { ...toNewEvent(caseSolved()), type: 'UserRenamed' });

    expect(projectEvent(row, other)).toBe(row);
    expect(projectEvent(undefined, other)).toBeUndefined();
  });

  it('given an event for a case that was never created, then it refuses to project', () => {
    expect(() => rowAfter([log.recordCase('ab01', caseSolved())])).toThrow(/does not exist/);
  });

  it('given an unknown schema version, then it refuses to project', () => {
    const created = log.recordCase('ab01', caseCreated({ _id: 'ab01', ...opening }));
    const future = { ...created, metadata: { ...created.metadata, schemaVersion: 99 } };

    expect(() => projectEvent(undefined, future)).toThrow(/schema version 99/);
  });

  it('projects a batch onto the rows it touches and returns only the changed ones', () => {
    const first = rowAfter([log.recordCase('ab01', caseCreated({ _id: 'ab01', ...opening }))]);
    const batch = [
      log.recordCase('cd02', caseCreated({ _id: 'cd02', ...opening })),
      log.recordCase('ab01', caseSolved()),
      log.recordCase('cd02', caseCommented('c2', 'hello')),
    ];
    const untouched = rowAfter([log.recordCase('ef03', caseCreated({ _id: 'ef03', ...opening }))]);
    const rows = new Map([
      ['ab01', first],
      ['ef03', untouched],
    ]);
    const lookups: string[] = [];

    const changed = projectBatch(batch, (caseId) => {
      lookups.push(caseId);
      return rows.get(caseId);
    });

    expect([...changed.keys()].sort()).toEqual(['ab01', 'cd02']);
    expect(changed.get('ab01')).toEqual(rowAfter([batch[1]], first));
    expect(changed.get('cd02')).toEqual(rowAfter([batch[0], batch[2]]));
    expect(lookups.sort()).toEqual(['ab01', 'cd02']);
  });

  it('leaves out of a batch the rows that already reflect it', () => {
    const events = [
      log.recordCase('ab01', caseCreated({ _id: 'ab01', ...opening })),
      log.recordCase('ab01', caseSolved()),
    ];
    const row = rowAfter(events);

    expect(projectBatch(events, () => row).size).toBe(0);
  });

  it('projects from the values it opens the same row as from events opened whole', async () => {
    const keys = await dataKeysInMemory();
    try {
      const sealing = new EventSealing(keys, PERSONAL_FIELDS);
      const events = [caseCreated({ _id: 'ab01', ...opening }), caseCommented('c1', 'first'), caseSolved()];
      const stored = [];
      for (const event of events) {
        const [sealed] = await sealing.seal(streamIdOf('ab01'), [log.recordCase('ab01', event)]);
        stored.push(sealed as RecordedEvent);
      }

      const projected = rowAfter(await sealing.open(stored, PROJECTED_VALUES));

      expect(PROJECTED_VALUES).not.toBe('all');
      expect(projected).toEqual(rowAfter(await sealing.open(stored, 'all')));
      expect(projected?.supportCase.comments[0].comment).toBe('first');
    } finally {
      await keys.close();
    }
  });

  it('reads the case id from support case streams only', () => {
    expect(caseIdOfStream('supportCase-ab01')).toBe('ab01');
    expect(caseIdOfStream('user-ab01')).toBeUndefined();
  });
});
