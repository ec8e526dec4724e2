export * from './snapshot-store.port';
export * from './in-memory-snapshot.store';
export * from './sqlite-snapshot.store';
export * from './postgres-snapshot.store';
