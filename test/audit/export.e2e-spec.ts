import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyExport } from '@lib/audit-log';
import { streamIdOf } from '@lib/domain';
import type { RecordedEvent } from '@lib/event-store';
import { auditCli, onlyLine, type CliRun } from './support/audit-cli';
import { sealedStore, storedEvents, withSqlite, type SealedStore } from './support/sealed-store';

/**
 * `npm run -s audit -- export` writes what an auditor takes away; `verify-export` checks it
 * offline, with nothing but the file and the public key: no service, database or environment.
 */
const BYTE_CHANGES = 200;
const CLI_BYTE_CHANGES = 3;
const SEED = Number(process.env.FC_SEED ?? Math.floor(Math.random() * 2 ** 31));

describe('audit export and verify-export', () => {
  let store: SealedStore;
  let events: RecordedEvent[];
  let work: string;
  let caseId: string;
  const runs = new Map<string, Promise<CliRun>>();
  const run = (name: string) => runs.get(name) as Promise<CliRun>;
  const exportFile = () => join(work, 'export.ndjson');
  const byteChanges: { position: number; byte: number }[] = [];

  /** verify-export as an auditor runs it elsewhere: no DATA_DIR, no database, only the file and the key. */
  const verifyExportCli = (file: string) => auditCli(['verify-export', file, '--public-key', store.publicKeyFile]);

  beforeAll(async () => {
    store = await sealedStore();
    events = withSqlite(store.copy(), storedEvents);
    work = store.copy();
    caseId = store.caseIds[3];

    const exported = auditCli(['export', '--out', exportFile()], store.env());
    runs.set('export', exported);
    runs.set('export --case', auditCli(['export', '--case', caseId.toUpperCase()], store.env()));
    runs.set(
      'verify-export',
      exported.then(() => verifyExportCli(exportFile())),
    );

    // The newest head deleted: the events after the head before it are not sealed any more.
    const unsealed = store.copy();
    withSqlite(unsealed, (db) =>
      db.prepare('DELETE FROM audit_heads WHERE tree_size = (SELECT MAX(tree_size) FROM audit_heads)').run(),
    );
    runs.set(
      'export, newest head gone',
      auditCli(['export', '--out', join(unsealed, 'export.ndjson')], store.env(unsealed)),
    );

    runs.set('verify-export, no key', auditCli(['verify-export', exportFile()]));
    runs.set(
      'verify-export, changed bytes',
      exported.then(async () => {
        const bytes = readFileSync(exportFile());
        const [positions] = fc.sample(
          fc.uniqueArray(fc.nat(bytes.length - 1), { minLength: BYTE_CHANGES, maxLength: BYTE_CHANGES }),
          {
            numRuns: 1,
            seed: SEED,
          },
        );
        const [deltas] = fc.sample(
          fc.array(fc.integer({ min: 1, max: 255 }), { minLength: BYTE_CHANGES, maxLength: BYTE_CHANGES }),
          {
            numRuns: 1,
            seed: SEED,
          },
        );
        positions.forEach((position, n) => byteChanges.push({ position, byte: (bytes[position] + deltas[n]) % 256 }));
        const files = byteChanges.slice(0, CLI_BYTE_CHANGES).map(({ position, byte }, n) => {
          const changed = Buffer.from(bytes);
          changed[position] = byte;
          const file = join(work, `changed-${n}.ndjson`);
          writeFileSync(file, changed);
          return file;
        });
        const results = await Promise.all(files.map(verifyExportCli));
        return {
          code: Math.max(...results.map((result) => result.code)),
          stdout: results.map((r) => r.stdout).join(''),
          stderr: '',
        };
      }),
    );
  });

  afterAll(async () => {
    await Promise.allSettled(runs.values());
    await store?.remove();
  });

  it('exports every sealed event, with the newest head and an inclusion proof each, saying so in one line on stdout', async () => {
    const result = await run('export');

    expect(result.code).toBe(0);
    expect(onlyLine(result)).toMatch(
      new RegExp(
        `^audit: exported ${events.length} events of 15 cases in the tree of ${events.length} events signed by key ` +
          `${store.checkpoint.keyId} to ${exportFile()}$`,
      ),
    );
    const lines = readFileSync(exportFile(), 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((line) => JSON.parse(line).kind)).toEqual([
      ...events.map(() => 'event'),
      'head',
      ...events.map(() => 'inclusion'),
    ]);
    expect(lines.slice(0, events.length).map((line) => JSON.parse(line).hash)).toEqual(
      events.map((event) => event.metadata.hash),
    );
  });

  it('verifies that export offline, with only the file and the public key', async () => {
    const result = await run('verify-export');

    expect(result.code).toBe(0);
    expect(onlyLine(result)).toBe(
      `audit: export ok, ${events.length} events of 15 cases in the tree of ${events.length} events signed by key ${store.checkpoint.keyId}`,
    );
  });

  it('exports one case to stdout, the summary on stderr, and that export verifies too', async () => {
    const result = await run('export --case');
    const ofCase = events.filter((event) => event.streamId === streamIdOf(caseId));

    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      `audit: exported ${ofCase.length} events of 1 case in the tree of ${events.length} events signed by key ${store.checkpoint.keyId}\n`,
    );
    const exported = result.stdout
      .split('\n')
      .filter((line) => line.includes('"kind":"event"'))
      .map((line) => JSON.parse(line));
    expect(exported.map((event) => [event.streamId, event.revision, event.hash])).toEqual(
      ofCase.map((event) => [event.streamId, event.revision, event.metadata.hash]),
    );
    expect(verifyExport(result.stdout, store.publicKeyPem)).toMatchObject({
      ok: true,
      events: ofCase.length,
      cases: 1,
    });
  });

  it('leaves out the events no signed head covers, and says how many', async () => {
    const result = await run('export, newest head gone');
    const heads = withSqlite(store.copy(), (db) =>
      db.prepare('SELECT tree_size FROM audit_heads ORDER BY tree_size DESC LIMIT 2').pluck().all(),
    ) as number[];
    const covered = heads[1];

    expect(result.code).toBe(0);
    expect(onlyLine(result)).toMatch(
      new RegExp(
        `^audit: exported ${covered} events of 15 cases in the tree of ${covered} events .*; ` +
          `${events.length - covered} newer events not sealed yet left out$`,
      ),
    );
  });

  it('refuses to verify an export without a public key given', async () => {
    const result = await run('verify-export, no key');

    expect(result.code).toBe(1);
    expect(onlyLine(result)).toBe(
      'audit: error: verify-export needs --public-key FILE: an export is checked only with a key you trust',
    );
  });

  it(`refuses each of ${BYTE_CHANGES} exports with one byte changed at seeded random positions (seed ${SEED}), ${CLI_BYTE_CHANGES} of them through the CLI`, async () => {
    const cli = await run('verify-export, changed bytes');
    const bytes = readFileSync(exportFile());
    const kinds = { event: 0, head: 0, inclusion: 0 };

    const passed = byteChanges.filter(({ position, byte }) => {
      const changed = Buffer.from(bytes);
      changed[position] = byte;
      const lineStart = position === 0 ? 0 : bytes.lastIndexOf(0x0a, position - 1) + 1; // a line break counts with its line
      const kind = /"kind":"(event|head|inclusion)"/.exec(
        bytes.subarray(lineStart, bytes.indexOf(0x0a, lineStart)).toString(),
      )?.[1];
      kinds[kind as keyof typeof kinds]++;
      return verifyExport(changed, store.publicKeyPem).ok;
    });

    expect({ changed: byteChanges.length, passed, linesHit: kinds }).toEqual({
      changed: BYTE_CHANGES,
      passed: [],
      linesHit: { event: expect.any(Number), head: expect.any(Number), inclusion: expect.any(Number) },
    });
    expect(cli.code).toBe(1);
    expect(cli.stdout.split('\n').filter((line) => line !== '')).toEqual(
      Array(CLI_BYTE_CHANGES).fill(expect.stringMatching(/^audit: export FAILED: /)),
    );
  });
});
