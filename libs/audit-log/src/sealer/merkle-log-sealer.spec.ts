import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemoryEventStore, START_OF_LOG, type RecordedEvent } from '@lib/event-store';
import { appendLinked } from '@lib/event-store/testing';
import { MerkleTree } from '../merkle/merkle-tree';
import { AuditSigningKey } from '../signed-head/signing-key';
import { verifyTreeHead } from '../signed-head/tree-head-signature';
import type { SignedTreeHead } from '../signed-head/tree-head';
import { SqliteAuditLogStore } from '../store/sqlite-audit-log.store';
import { MerkleLogSealer } from './merkle-log-sealer';
import { generateKeyPairSync } from 'node:crypto';

const key = AuditSigningKey.fromPem(
  generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
);

/** `count` events over three streams, chained as the command runner appends them. */
async function recordedEvents(count: number): Promise<RecordedEvent[]> {
  const events = new InMemoryEventStore();
  for (let i = 0; i < count; i++) {
    await appendLinked(events, `stream-${i % 3}`, [{ id: randomUUID(), type: 'Happened', data: { i }, metadata: {} }]);
  }
  return events.readAll({ after: START_OF_LOG, maxCount: count });
}

describe('MerkleLogSealer', () => {
  let dir: string;
  let file: string;
  let store: SqliteAuditLogStore;
  let signed: SignedTreeHead[];

  const open = (sealEvery = 10) =>
    MerkleLogSealer.open(store, key, { sealEvery, onSigned: (head) => signed.push(head) });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sealer-'));
    file = join(dir, 'audit.sqlite');
    store = SqliteAuditLogStore.open(file);
    signed = [];
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs a head at each full interval of events, over the leaves of the events in log order', async () => {
    const events = await recordedEvents(25);
    const sealer = await open(10);

    await sealer.handle(events.slice(0, 12));
    await sealer.handle(events.slice(12));

    const tree = MerkleTree.of(events.map((event) => event.metadata.hash as string));
    expect(signed.map((head) => [head.treeSize, head.rootHash])).toEqual([
      [10, tree.rootHash(10)],
      [20, tree.rootHash(20)],
    ]);
    expect(await store.heads()).toEqual(signed);
    expect(signed.every((head) => verifyTreeHead(head, key.publicKeyPem))).toBe(true);
    expect(await store.loadCheckpoint()).toEqual(events[24].position);
  });

  it('seals what is pending on request, and nothing when nothing is', async () => {
    const events = await recordedEvents(5);
    const sealer = await open(10);
    await sealer.handle(events);

    const head = await sealer.sealPending();

    expect(head).toMatchObject({
      treeSize: 5,
      rootHash: MerkleTree.of(events.map((e) => e.metadata.hash as string)).rootHash(),
    });
    expect(await sealer.sealPending()).toBeUndefined();
    expect(await store.heads()).toEqual([head]);
  });

  it('stores one leaf per event, naming its stream, revision and log position', async () => {
    const events = await recordedEvents(4);
    const sealer = await open();

    await sealer.handle(events);

    expect(await store.leaves(0, 10)).toEqual(
      events.map((event, leafIndex) => ({
        leafIndex,
        eventHash: event.metadata.hash,
        streamId: event.streamId,
        revision: event.revision,
        position: event.position,
      })),
    );
  });

  it('goes on from where it stopped after a restart', async () => {
    const events = await recordedEvents(15);
    await (await open(10)).handle(events.slice(0, 7));

    const reopened = await open(10);
    await reopened.handle(events.slice(7));
    await reopened.sealPending();

    const tree = MerkleTree.of(events.map((event) => event.metadata.hash as string));
    expect((await store.heads()).map((head) => [head.treeSize, head.rootHash])).toEqual([
      [10, tree.rootHash(10)],
      [15, tree.rootHash(15)],
    ]);
  });

  it('refuses to seal an event without a hash, and stores nothing of its batch', async () => {
    const [first, second] = await recordedEvents(2);
    const sealer = await open();
    const unchained = { ...second, metadata: {} };

    await expect(sealer.handle([first, unchained])).rejects.toThrow(
      'stream-1@0 carries no hash: this store was written before events were chained',
    );
    expect(await store.leafCount()).toBe(0);
    expect(await store.loadCheckpoint()).toEqual(START_OF_LOG);
  });

  it('refuses to start over leaves that no longer give its newest head', async () => {
    const events = await recordedEvents(3);
    const sealer = await open();
    await sealer.handle(events);
    await sealer.sealPending();
    const db = new Database(file);
    db.prepare('UPDATE audit_leaves SET event_hash = unhex(?) WHERE leaf_index = 1').run('f'.repeat(64));
    db.close();

    await expect(open()).rejects.toThrow(/leaves no longer give the root of its newest head \(tree size 3\)/);
  });
});
