import type { INestApplication, LoggerService } from '@nestjs/common';

/** Past this, a handle something forgot to close does not keep a stopped process alive. */
const FORCED_EXIT_MS = 10_000;

/**
 * On SIGTERM or SIGINT: stop accepting, let every part finish what it holds (requests in
 * flight, a batch, a message) and close its stores; then the process ends on its own once
 * nothing is left to do, its last log lines written, with exit code 0.
 */
export function shutDownOnSignals(app: INestApplication, logger: LoggerService): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void shutDown(app, logger, signal));
  }
}

async function shutDown(app: INestApplication, logger: LoggerService, signal: string): Promise<void> {
  logger.log(`${signal}: shutting down`);
  await app.close();
  logger.log('shut down');
  setTimeout(() => process.exit(0), FORCED_EXIT_MS).unref();
}
