export {
  EXPORT_LINE_KEYS,
  exportLine,
  type ErasureOf,
  type ExportedEvent,
  type ExportedHead,
  type ExportedInclusion,
  type ExportLine,
} from './export-format';
export { exportStream, type ExportStreamInput } from './export-stream';
export {
  exportAuditLog,
  exportFilter,
  ExportRefused,
  type ExportAuditLogInput,
  type ExportFilter,
  type ExportSummary,
} from './export-audit-log';
export {
  describeExportFailure,
  verifyExport,
  type ExportFailure,
  type ExportVerdict,
  type VerifyExportOptions,
} from './verify-export';
