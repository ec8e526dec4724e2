export * from './checkpoint-store';
export * from './sqlite-checkpoint';
export * from './sqlite-checkpoint.store';
export * from './postgres-checkpoint';
export * from './postgres-checkpoint.store';
