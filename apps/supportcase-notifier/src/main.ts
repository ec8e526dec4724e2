import { Logger, type INestApplication } from '@nestjs/common';
import { createNotifierApp } from './app.factory';
import { ConfigError, loadConfig } from './config/notifier-config';
import { describeStore } from './notification-store/notification-store.module';

/** Past this, a handle something forgot to close does not keep a stopped notifier alive. */
const FORCED_EXIT_MS = 10_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createNotifierApp(config);
  await app.listen(config.port, config.host);
  const logger = new Logger('SupportCaseNotifier');
  logger.log(`listening on ${await app.getUrl()}`);
  logger.log(`notifications: ${describeStore(config)}`);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void stop(app, logger, signal));
}

/**
 * Stops waiting for Kafka or consuming (the message in hand is finished), stops accepting
 * requests, closes the store; then the process ends on its own, its last log lines written.
 */
async function stop(app: INestApplication, logger: Logger, signal: string): Promise<void> {
  logger.log(`${signal}: shutting down`);
  await app.close();
  logger.log('shut down');
  setTimeout(() => process.exit(0), FORCED_EXIT_MS).unref();
}

main().catch((error: unknown) => {
  // A configuration error is the operator's to fix: say which variable, without a stack.
  console.error(error instanceof ConfigError ? `configuration: ${error.message}` : error);
  process.exit(1);
});
