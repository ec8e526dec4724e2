import { Logger } from '@nestjs/common';
import { deadLetterTopicOf } from '@lib/contracts';
import { createNotifierApp } from './app.factory';
import { ConfigError, loadConfig } from './config/notifier-config';
import { describeStore } from './notification-store/notification-store.module';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createNotifierApp(config);
  await app.startAllMicroservices();
  await app.listen(config.port, config.host);
  const { brokers, topic, groupId } = config.kafka;
  const logger = new Logger('SupportCaseNotifier');
  logger.log(`listening on ${await app.getUrl()}`);
  logger.log(`notifications: ${describeStore(config)}`);
  logger.log(
    `consuming ${topic} as group ${groupId} from ${brokers.join(',')}; dead letters to ${deadLetterTopicOf(topic)}`,
  );
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? `configuration: ${error.message}` : error;
  console.error(message);
  process.exit(1);
});
