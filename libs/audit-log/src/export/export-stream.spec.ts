import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedEvent } from '@lib/event-store';
import { SealedLog } from '../sealed-log/sealed-log';
import { SqliteAuditLogStore } from '../store/sqlite-audit-log.store';
import {
  chainedEvents,
  headsOf,
  leavesOf,
  newAuditSigningKey,
  rewritten,
} from '../verification/testing/audit-snapshot';
import { exportAuditLog, ExportRefused, exportFilter } from './export-audit-log';
import type { ErasureOf } from './export-format';
import { exportStream } from './export-stream';
import { verifyExport } from './verify-export';

const key = newAuditSigningKey();
/** 3 streams of 6 events, interleaved; the head covers 15, so each stream's revision 5 is not sealed. */
const events = chainedEvents(3, 6);
const STREAM = events[1].streamId;
const streamOf = (log: readonly RecordedEvent[]) => log.filter((event) => event.streamId === STREAM);
const erasureOf: ErasureOf = (event) =>
  event.type === 'Forgotten'
    ? { date: event.metadata.occurredAt, reason: (event.data as { reason: string }).reason }
    : undefined;

describe('exportStream', () => {
  let dir: string;
  let store: SqliteAuditLogStore;
  let log: SealedLog;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'export-stream-'));
    store = SqliteAuditLogStore.open(join(dir, 'audit.sqlite'));
    await store.append(leavesOf(events), events[events.length - 1].position);
    const [head] = headsOf(events, [15], key);
    await store.saveHead(head);
    log = new SealedLog(store);
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function exported(history: readonly RecordedEvent[], options: { erasureOf?: ErasureOf } = {}) {
    const lines: string[] = [];
    const summary = await exportStream({ history, log, ...options }, (line) => void lines.push(line));
    return { text: lines.join(''), summary };
  }

  it('writes, from the stored leaves, the same export as a pass over the whole log does for the stream', async () => {
    const { text, summary } = await exported(streamOf(events));
    const whole: string[] = [];
    await exportAuditLog(
      { events: () => events, head: (await store.latestHead())!, include: exportFilter({ streamId: STREAM }) },
      (line) => void whole.push(line),
    );

    expect(text).toBe(whole.join(''));
    expect(summary).toEqual({ events: 5, cases: 1, erased: 0, treeSize: 15, keyId: key.keyId, unsealed: 1 });
    expect(verifyExport(text, key.publicKeyPem)).toMatchObject({ ok: true, events: 5, cases: 1 });
  });

  it("marks the stream's lines with its sealed erasure", async () => {
    const erasedLog = rewritten(events, STREAM, 4, (event) => ({
      ...event,
      type: 'Forgotten',
      data: { reason: 'asked' },
    }));
    const relinked = SqliteAuditLogStore.open(join(dir, 'erased.sqlite'));
    try {
      await relinked.append(leavesOf(erasedLog), erasedLog[erasedLog.length - 1].position);
      await relinked.saveHead(headsOf(erasedLog, [15], key)[0]);
      const lines: string[] = [];
      await exportStream(
        { history: streamOf(erasedLog), log: new SealedLog(relinked), erasureOf },
        (line) => void lines.push(line),
      );

      const text = lines.join('');
      expect(verifyExport(text, key.publicKeyPem, { erasureOf })).toMatchObject({ ok: true, events: 5, erased: 1 });
      expect(JSON.parse(text.split('\n')[0]).erased).toEqual({
        date: erasedLog[13].metadata.occurredAt,
        reason: 'asked',
      });
    } finally {
      await relinked.close();
    }
  });

  it('refuses an event that no longer gives its hash, naming its revision', async () => {
    const changed = streamOf(events).map((event) => (event.revision === 2 ? { ...event, data: { note: 'x' } } : event));

    await expect(exported(changed)).rejects.toThrow(
      new ExportRefused('revision 2 no longer gives its hash: run verify to see what changed'),
    );
  });

  it('refuses an event rewritten with its hash recomputed: no stored leaf proves it', async () => {
    const forged = streamOf(rewritten(events, STREAM, 3, (event) => ({ ...event, data: { note: 'forged' } })));

    await expect(exported(forged)).rejects.toThrow(/revision 3 is not proven in the newest head \(tree size 15\)/);
  });

  it("refuses when the stored leaves do not lead to the signed head's root", async () => {
    const other = rewritten(events, events[0].streamId, 0, (event) => ({ ...event, data: { note: 'other' } }));
    const mismatched = SqliteAuditLogStore.open(join(dir, 'mismatched.sqlite'));
    try {
      await mismatched.append(leavesOf(events), events[events.length - 1].position);
      await mismatched.saveHead(headsOf(other, [15], key)[0]);
      const refused = exportStream({ history: streamOf(events), log: new SealedLog(mismatched) }, () => undefined);

      await expect(refused).rejects.toThrow(/revision 0 is not proven in the newest head/);
    } finally {
      await mismatched.close();
    }
  });

  it('refuses before the first head, saying nothing is sealed yet', async () => {
    const empty = SqliteAuditLogStore.open(join(dir, 'empty.sqlite'));
    try {
      const refused = exportStream({ history: streamOf(events), log: new SealedLog(empty) }, () => undefined);
      await expect(refused).rejects.toMatchObject({ beforeFirstHead: true });
    } finally {
      await empty.close();
    }
  });
});
