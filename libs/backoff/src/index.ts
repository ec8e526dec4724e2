export * from './retry-with-backoff';
