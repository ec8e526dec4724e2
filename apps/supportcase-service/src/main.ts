import { Logger, type INestApplication } from '@nestjs/common';
import { createApp } from './app.factory';
import { ConfigError, loadConfig, sqliteFile, type ServiceConfig } from './config/service-config';

/** Past this, a handle something forgot to close does not keep a stopped service alive. */
const FORCED_EXIT_MS = 10_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  const logger = new Logger('SupportCaseService');
  logger.log(`listening on ${await app.getUrl()}, roles: ${[...config.roles].join(', ')}`);
  logger.log(`event store: ${eventStoreOf(config)}; read model: ${readModelOf(config)}`);
  logger.log(config.kafka ? `Kafka ${config.kafka.brokers.join(',')}, topic ${config.kafka.topic}` : 'Kafka: off');
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void stop(app, logger, signal));
}

/**
 * Stops accepting, finishes the requests in flight, flushes the relay, closes the stores; then
 * the process ends on its own once nothing is left to do, its last log lines written.
 */
async function stop(app: INestApplication, logger: Logger, signal: string): Promise<void> {
  logger.log(`${signal}: shutting down`);
  await app.close();
  logger.log('shut down');
  setTimeout(() => process.exit(0), FORCED_EXIT_MS).unref();
}

function eventStoreOf(config: ServiceConfig): string {
  return config.esdbConnectionString ? 'EventStoreDB' : `SQLite ${sqliteFile(config)}`;
}

function readModelOf(config: ServiceConfig): string {
  return config.databaseUrl ? 'PostgreSQL' : `SQLite ${sqliteFile(config)}`;
}

main().catch((error: unknown) => {
  // A configuration error is the operator's to fix: say which variable, without a stack.
  console.error(error instanceof ConfigError ? `configuration: ${error.message}` : error);
  process.exit(1);
});
