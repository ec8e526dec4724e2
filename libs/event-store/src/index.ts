export * from './event-store.port';
export * from './in-memory/in-memory.event-store';
export * from './sqlite/sqlite.event-store';
export * from './catch-up/catch-up-subscription';
export * from './catch-up/checkpoint-store';
export * from './sqlite/sqlite-checkpoint';
export * from './sqlite/sqlite-checkpoint.store';
export * from './catch-up/consumer-lag';
