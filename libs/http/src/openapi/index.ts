export * from './api-docs.decorators';
export * from './openapi-document';
