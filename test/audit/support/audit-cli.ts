import { execFile } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(__dirname, '../../..');
const CLI = resolve(root, 'apps/supportcase-service/src/cli/audit.cli.ts');

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** At most two CLI processes at a time: each compiles its sources on start, on a two-core machine. */
const slots = boundedTo(2);

/**
 * `npm run -s audit -- ...args` as a child process, with only PATH and `env` in its environment;
 * resolves with the exit code whatever it is.
 */
export function auditCli(args: readonly string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  return slots(
    () =>
      new Promise<CliRun>((done) => {
        execFile(
          process.execPath,
          ['-r', '@swc-node/register', CLI, ...args],
          { cwd: root, env: { PATH: process.env.PATH, ...env }, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
          (error, stdout, stderr) => {
            const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
            done({ code, stdout, stderr });
          },
        );
      }),
  );
}

/** The single line a run printed on standard output, without its line break; fails unless there is exactly one. */
export function onlyLine(run: CliRun): string {
  const lines = run.stdout.split('\n');
  if (lines.length !== 2 || lines[1] !== '') {
    throw new Error(
      `expected one line on stdout, got ${JSON.stringify(run.stdout)} (stderr ${JSON.stringify(run.stderr)})`,
    );
  }
  return lines[0];
}

function boundedTo(limit: number): <T>(work: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (work) => {
    if (running >= limit) await new Promise<void>((resolveSlot) => waiting.push(resolveSlot));
    running++;
    try {
      return await work();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}
