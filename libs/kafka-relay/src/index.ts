export * from './kafka-client';
export * from './kafka-relay';
export * from './relay-producer';
export * from './support-case-message.mapper';
export * from './case-messages';
export * from './tree-head-publisher';
