export * from './audit-log-store.port';
export * from './sqlite-audit-log.store';
export * from './postgres-audit-log.store';
