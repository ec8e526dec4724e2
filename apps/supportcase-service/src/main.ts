import { Logger } from '@nestjs/common';
import { shutDownOnSignals } from '@lib/observability';
import { createApp } from './app.factory';
import { ConfigError, loadConfig, sqliteFile, type ServiceConfig } from './config/service-config';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  const logger = new Logger('SupportCaseService');
  logger.log(`listening on ${await app.getUrl()}, roles: ${[...config.roles].join(', ')}`);
  logger.log(`event store: ${eventStoreOf(config)}; read model: ${readModelOf(config)}`);
  logger.log(config.kafka ? `Kafka ${config.kafka.brokers.join(',')}, topic ${config.kafka.topic}` : 'Kafka: off');
  shutDownOnSignals(app, logger);
}

function eventStoreOf(config: ServiceConfig): string {
  const names = { sqlite: `SQLite ${sqliteFile(config)}`, eventstoredb: 'EventStoreDB', postgres: 'PostgreSQL' };
  return names[config.eventStore.kind];
}

function readModelOf(config: ServiceConfig): string {
  return config.databaseUrl ? 'PostgreSQL' : `SQLite ${sqliteFile(config)}`;
}

main().catch((error: unknown) => {
  // A configuration error is the operator's to fix: say which variable, without a stack.
  console.error(error instanceof ConfigError ? `configuration: ${error.message}` : error);
  process.exit(1);
});
