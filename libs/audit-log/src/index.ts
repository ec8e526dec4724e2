export * from './signed-head/tree-head';
export * from './store/audit-log-store.port';
export * from './store';
export * from './merkle';
export {
  AUDIT_SIGNING_KEY_FILE,
  AuditSigningKey,
  type AuditSigningKeyOptions,
  keyIdOf,
  resolveAuditSigningKey,
} from './signed-head/signing-key';
export { signedContentOf, verifyTreeHead } from './signed-head/tree-head-signature';
export * from './sealer/merkle-log-sealer';
export * from './sealed-log/sealed-log';
export * from './verification';
export * from './export';
