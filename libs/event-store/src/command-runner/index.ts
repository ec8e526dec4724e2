export * from './command-runner';
export * from './decider';
export * from './fold-cache';
export * from './fold-snapshots';
export * from './per-key-queue';
export * from './run-errors';
export * from './run-steps';
export * from './stream-folder';
