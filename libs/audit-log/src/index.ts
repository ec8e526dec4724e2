export * from './signed-head/tree-head';
export * from './store/audit-log-store.port';
export * from './store';
export * from './merkle';
