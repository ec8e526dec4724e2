export * from './read-model.port';
export * from './support-case.projection';
export * from './sqlite/sqlite.read-model.store';
export * from './sqlite/rebuild-sqlite-read-model';
export * from './postgres/postgres.read-model.store';
export * from './sealed-documents';
