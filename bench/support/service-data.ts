import { sqliteFile } from '../../apps/supportcase-service/src/config/service-config';
import { seedCases } from './event-log';

/** Events in each case of the pools: opened, described anew, answered, solved, commented on. */
const POOL_CASE_EVENTS = 5;

/** The service's SQLite file in `dataDir`, where its events and read model live. */
export function serviceFile(dataDir: string): string {
  return sqliteFile({ dataDir });
}

/** Creates a pool of cases in the service's store before it starts; answers their ids. */
export function seedCasePool(dataDir: string, count: number): Promise<string[]> {
  return seedCases(serviceFile(dataDir), count, POOL_CASE_EVENTS);
}
