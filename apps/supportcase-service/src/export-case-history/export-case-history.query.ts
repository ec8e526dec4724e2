import { Query } from '@nestjs/cqrs';
import type { ExportSummary } from '@lib/audit-log';

export interface CaseHistoryExport {
  /** The export's lines (NDJSON), each ending in "\n". */
  readonly ndjson: string;
  readonly summary: ExportSummary;
}

/** A case's events as the audit export proves them: verifiable offline with the public key alone. */
export class ExportCaseHistoryQuery extends Query<CaseHistoryExport> {
  constructor(readonly id: string) {
    super();
  }
}
