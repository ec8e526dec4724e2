import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { ConfigError, loadConfig, sqliteFile } from './config/service-config';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  const logger = new Logger('SupportCaseService');
  logger.log(`listening on ${await app.getUrl()}`);
  logger.log(`event store and read model: SQLite ${sqliteFile(config)}`);
  logger.log(
    config.kafka
      ? `relay: Kafka ${config.kafka.brokers.join(',')}, topic ${config.kafka.topic}`
      : 'relay: off (KAFKA_BROKERS unset)',
  );
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? `configuration: ${error.message}` : error;
  console.error(message);
  process.exit(1);
});
