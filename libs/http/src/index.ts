export * from './api-problem';
export * from './json-body.parser';
export * from './object-id.pipe';
export * from './openapi';
export * from './problem-details.filter';
export * from './schema-validation';
export * from './framework-errors';
