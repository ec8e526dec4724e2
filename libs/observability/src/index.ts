export * from './logger';
export * from './metrics-registry';
export * from './observability.module';
export * from './observed-fastify-app';
export * from './readiness-probes';
export * from './shutdown-on-signals';
