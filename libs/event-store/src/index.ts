export * from './event-store.port';
export * from './in-memory/in-memory.event-store';
export * from './sqlite/sqlite.event-store';
export * from './catch-up/catch-up-subscription';
export * from './checkpoints';
export * from './catch-up/consumer-lag';
export * from './eventstoredb/eventstoredb.event-store';
export * from './command-runner';
