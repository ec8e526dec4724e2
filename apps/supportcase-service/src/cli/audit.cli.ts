/**
 * Verifies the audit log of a store, exports proven history, and verifies an export offline.
 * Usage: npm run -s audit -- <verify|export|verify-export> [options] (see USAGE).
 */
import { createWriteStream, readFileSync, renameSync, rmSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import {
  describeExportFailure,
  describeFailure,
  exportAuditLog,
  exportFilter,
  ExportRefused,
  verifyAuditLog,
  verifyExport,
  type AuditVerdict,
  type ExportSummary,
  type ExportVerdict,
  type SignedTreeHead,
} from '@lib/audit-log';
import { erasureOf, streamIdOf } from '@lib/domain';
import { loadConfig } from '../config/service-config';
import { AuditCliError } from './audit/audit-cli-error';
import { describeStream, readText, resolvePublicKey, trustedHeadIn } from './audit/audit-keys';
import { openAuditSources, storedLeaves, supportCaseEvents } from './audit/audit-sources';

const USAGE = `Usage: npm run -s audit -- <command> [options]

  verify [--trusted-head FILE] [--public-key FILE]
      Verifies the whole store: every case's hash chain, every signed head (signature and
      root), the sealer's leaves, and that no sealed event is missing. --trusted-head FILE
      holds a signed head kept outside the store (GET /audit/checkpoint's answer): the store's
      newest head must be consistent with it, which catches a store rewritten with its heads.
  export [--case ID] [--since ISO] [--until ISO] [--out FILE]
      Writes the events the newest signed head covers (of one case; dated from --since,
      inclusive, until --until, exclusive) as NDJSON with the head and an inclusion proof per
      event, to FILE or standard output. The events of an erased case are marked erased, and
      its SupportCaseErased event is exported with them.
  verify-export FILE --public-key FILE
      Verifies an export offline: no service, database or environment needed.

The store is found as the service finds it: DATA_DIR, DATABASE_URL, DATABASE_SCHEMA,
ESDB_CONNECTION_STRING. The heads are checked with --public-key FILE (SPKI PEM), else the key of
AUDIT_SIGNING_KEY, else DATA_DIR/audit-signing-key; nothing is ever created. One line on standard
output says what was found (for an export to standard output: on standard error); the exit code
is 0 only when everything checks out.
`;

const COMMANDS = {
  verify: ['trusted-head', 'public-key'],
  export: ['case', 'since', 'until', 'out'],
  'verify-export': ['public-key'],
} as const;
type Command = keyof typeof COMMANDS;

const CASE_ID = /^[0-9a-f]{24}$/i;

interface Outcome {
  readonly ok: boolean;
  readonly line: string;
  /** The line goes to standard error: standard output carries the export. */
  readonly toStderr?: boolean;
}

function parseCommandLine(argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        'trusted-head': { type: 'string' },
        'public-key': { type: 'string' },
        case: { type: 'string' },
        since: { type: 'string' },
        until: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new AuditCliError((error as Error).message, true);
  }
  const [command, ...operands] = parsed.positionals;
  const { help, ...options } = parsed.values;
  if (help) return { help };
  if (command === undefined || !Object.hasOwn(COMMANDS, command)) {
    throw new AuditCliError(command === undefined ? 'no command given' : `unknown command ${command}`, true);
  }
  const allowed: readonly string[] = COMMANDS[command as Command];
  const stray = Object.keys(options).find((option) => !allowed.includes(option));
  if (stray !== undefined) throw new AuditCliError(`${command} takes no --${stray}`, true);
  const operandCount = command === 'verify-export' ? 1 : 0;
  if (operands.length !== operandCount) {
    throw new AuditCliError(`${command} takes ${operandCount === 1 ? 'one FILE' : 'no operand'}`, true);
  }
  return { help, command: command as Command, options, operand: operands[0] };
}

type Options = Partial<Record<'trusted-head' | 'public-key' | 'case' | 'since' | 'until' | 'out', string>>;

async function verify(options: Options): Promise<Outcome> {
  const config = loadConfig();
  const trustedHead = options['trusted-head'] === undefined ? undefined : trustedHeadIn(options['trusted-head']);
  const sources = await openAuditSources(config);
  try {
    const publicKeyPem = resolvePublicKey({
      publicKeyFile: options['public-key'],
      auditSigningKey: config.auditSigningKey,
      dataDir: config.dataDir,
    });
    // Heads, then the leaf count, then the events: each read covers what the one before it saw.
    const heads = await sources.auditLog.heads();
    const leafCount = await sources.auditLog.leafCount();
    const verdict = await verifyAuditLog({
      events: supportCaseEvents(sources.events),
      leaves: storedLeaves(sources.auditLog, leafCount),
      heads,
      publicKeyPem,
      trustedHead,
      describeStream,
    });
    if (!verdict.ok) return { ok: false, line: `audit: FAILED: ${describeFailure(verdict.failure!, describeStream)}` };
    return { ok: true, line: verifiedLine(verdict, trustedHead) };
  } finally {
    await sources.close();
  }
}

function verifiedLine(verdict: AuditVerdict, trustedHead: SignedTreeHead | undefined): string {
  const { events, cases, heads, sealed, keyId } = verdict;
  const counted = `audit: ok, ${count(events, 'event')} in ${count(cases, 'case')}`;
  if (heads === 0) return `${counted}, no signed head yet: none of them is sealed`;
  const unsealed = events - sealed;
  const trusted = trustedHead ? `; consistent with the trusted head of ${count(trustedHead.treeSize, 'event')}` : '';
  return (
    `${counted}, ${count(heads, 'signed head')} by key ${keyId}; ` +
    (unsealed === 0
      ? `the newest covers all ${count(sealed, 'event')}`
      : `the newest covers ${count(sealed, 'event')}, ${count(unsealed, 'newer event')} not sealed yet`) +
    trusted
  );
}

async function exportLog(options: Options): Promise<Outcome> {
  const toStderr = options.out === undefined;
  const include = exportFilter({
    streamId: options.case === undefined ? undefined : caseStream(options.case),
    since: dateOption('--since', options.since),
    until: dateOption('--until', options.until),
  });
  const config = loadConfig();
  const sources = await openAuditSources(config);
  // To a file: written beside it and renamed into place once complete, so no half export remains.
  const partial = options.out === undefined ? undefined : `${options.out}.partial`;
  const out = partial === undefined ? process.stdout : createWriteStream(partial);
  try {
    const summary = await exportAuditLog(
      {
        events: () => supportCaseEvents(sources.events),
        head: await sources.auditLog.latestHead(),
        include,
        erasureOf,
        describeStream,
      },
      (line) => (out.write(line) ? undefined : once(out, 'drain').then(() => undefined)),
    );
    if (partial !== undefined) {
      await closed(out as WriteStream);
      renameSync(partial, options.out as string);
    }
    return { ok: true, line: exportedLine(summary, options.out), toStderr };
  } catch (error) {
    if (partial !== undefined) {
      (out as WriteStream).destroy();
      rmSync(partial, { force: true });
    }
    if (error instanceof ExportRefused)
      return { ok: false, line: `audit: FAILED: export refused: ${error.message}`, toStderr };
    throw error;
  } finally {
    await sources.close();
  }
}

function exportedLine(summary: ExportSummary, out: string | undefined): string {
  const { events, cases, erased, treeSize, keyId, unsealed } = summary;
  return (
    `audit: exported ${count(events, 'event')} of ${count(cases, 'case')}${erasedPart(erased)} ` +
    `in the tree of ${count(treeSize, 'event')} signed by key ${keyId}${out === undefined ? '' : ` to ${out}`}` +
    (unsealed === 0 ? '' : `; ${count(unsealed, 'newer event')} not sealed yet left out`)
  );
}

function verifyExportFile(file: string, options: Options): Outcome {
  if (options['public-key'] === undefined) {
    throw new AuditCliError(
      'verify-export needs --public-key FILE: an export is checked only with a key you trust',
      true,
    );
  }
  const publicKeyPem = resolvePublicKey({ publicKeyFile: options['public-key'] });
  readText(file, 'verify-export'); // names a missing file as the other options do
  const verdict: ExportVerdict = verifyExport(readFileSync(file), publicKeyPem, { erasureOf });
  if (!verdict.ok) {
    return { ok: false, line: `audit: export FAILED: ${describeExportFailure(verdict.failure!, describeStream)}` };
  }
  const { events, cases, erased, treeSize, keyId } = verdict;
  return {
    ok: true,
    line:
      `audit: export ok, ${count(events, 'event')} of ${count(cases, 'case')}${erasedPart(erased)} in the tree of ` +
      `${count(treeSize ?? 0, 'event')} signed by key ${keyId}`,
  };
}

function caseStream(id: string): string {
  if (!CASE_ID.test(id)) throw new AuditCliError('--case must be a case id: 24 hex characters', true);
  return streamIdOf(id);
}

function dateOption(flag: string, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new AuditCliError(`${flag} must be an ISO-8601 date or time`, true);
  return date;
}

function erasedPart(erased: number): string {
  return erased === 0 ? '' : ` (${erased} erased)`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

async function closed(stream: WriteStream): Promise<void> {
  stream.end();
  await once(stream, 'close');
}

async function main(argv: string[]): Promise<number> {
  let toStderr = false;
  try {
    const parsed = parseCommandLine(argv);
    if (parsed.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    const { command, options, operand } = parsed;
    toStderr = command === 'export' && options.out === undefined;
    const outcome =
      command === 'verify'
        ? await verify(options)
        : command === 'export'
          ? await exportLog(options)
          : verifyExportFile(operand as string, options);
    (outcome.toStderr ? process.stderr : process.stdout).write(`${outcome.line}\n`);
    return outcome.ok ? 0 : 1;
  } catch (error) {
    const usage = error instanceof AuditCliError && error.usage;
    (toStderr ? process.stderr : process.stdout).write(`audit: error: ${(error as Error).message}\n`);
    if (usage) process.stderr.write(`\n${USAGE}`);
    return 1;
  }
}

main(process.argv.slice(2)).then((exitCode) => {
  process.exitCode = exitCode;
});
