export * from './transaction';
export * from './leader-lock';
export * from './schema';
export * from './store-pool';
