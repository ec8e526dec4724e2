import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { exportStream, SealedLog } from '@lib/audit-log';
import { caseNotFound, erasureOf } from '@lib/domain';
import { SupportCaseStreams } from '../streams/support-case-streams';
import { ExportCaseHistoryQuery, type CaseHistoryExport } from './export-case-history.query';

@QueryHandler(ExportCaseHistoryQuery)
export class ExportCaseHistoryHandler implements IQueryHandler<ExportCaseHistoryQuery> {
  constructor(
    private readonly streams: SupportCaseStreams,
    private readonly sealedLog: SealedLog,
  ) {}

  async execute({ id }: ExportCaseHistoryQuery): Promise<CaseHistoryExport> {
    const history = await this.streams.storedHistory(id);
    if (history.length === 0) throw caseNotFound();
    const lines: string[] = [];
    const summary = await exportStream({ history, log: this.sealedLog, erasureOf }, (line) => {
      lines.push(line);
    });
    return { ndjson: lines.join(''), summary };
  }
}
