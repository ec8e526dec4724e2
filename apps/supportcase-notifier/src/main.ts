import { Logger } from '@nestjs/common';
import { shutDownOnSignals } from '@lib/observability';
import { createNotifierApp } from './app.factory';
import { ConfigError, loadConfig } from './config/notifier-config';
import { describeStore } from './notification-store/notification-store.module';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createNotifierApp(config);
  await app.listen(config.port, config.host);
  const logger = new Logger('SupportCaseNotifier');
  logger.log(`listening on ${await app.getUrl()}`);
  logger.log(`notifications: ${describeStore(config)}`);
  shutDownOnSignals(app, logger);
}

main().catch((error: unknown) => {
  // A configuration error is the operator's to fix: say which variable, without a stack.
  console.error(error instanceof ConfigError ? `configuration: ${error.message}` : error);
  process.exit(1);
});
