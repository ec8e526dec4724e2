export * from './sealed-documents';
export * from './stored-events';
