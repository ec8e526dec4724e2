export { describeFailure, type AuditFailure, type DescribeStream } from './audit-failure';
export { verifyAuditLog, type AuditVerdict, type VerifyAuditLogInput } from './verify-audit-log';
