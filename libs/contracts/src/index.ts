export * from './cloud-events';
export * from './support-case-message.v1';
export * from './topics';
export * from './tree-head.v1';
export * from './asyncapi';
