import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ExportRefused } from '@lib/audit-log';
import { ApiObjectIdParam, ApiProblem, ApiProblems, ObjectIdPipe } from '@lib/http';
import type { FastifyReply } from 'fastify';
import { ApiAccess } from '../http/api-access.decorator';
import { ExportCaseHistoryQuery, type CaseHistoryExport } from './export-case-history.query';

const NDJSON = 'application/x-ndjson';

@ApiTags('audit')
@Controller('iptv/supportcase')
export class ExportCaseHistoryController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/history/export')
  @ApiAccess('ADMIN')
  @Header('Content-Type', `${NDJSON}; charset=utf-8`)
  @ApiOperation({
    summary:
      "A case's sealed events as the audit export (NDJSON, AUDIT.md): each event, the newest signed head and an " +
      'inclusion proof per event, checked offline by `npm run -s audit -- verify-export` with the public key alone',
  })
  @ApiObjectIdParam()
  @ApiOkResponse({
    description: 'Events not yet under a signed head are left out',
    content: { [NDJSON]: { schema: { type: 'string' } } },
    headers: {
      'Content-Disposition': {
        description: 'attachment; filename="supportcase-ID-audit.ndjson"',
        required: true,
        schema: { type: 'string' },
      },
    },
  })
  @ApiProblems(
    400,
    [404, 'No such case, or no tree head is signed yet'],
    [409, "The case's stored events no longer give the signed head: `audit -- verify` says what changed"],
  )
  async export(
    @Param('id', ObjectIdPipe) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const { ndjson } = await this.exported(id);
    void reply.header('Content-Disposition', `attachment; filename="supportcase-${id}-audit.ndjson"`);
    return ndjson;
  }

  private async exported(id: string): Promise<CaseHistoryExport> {
    try {
      return await this.queries.execute(new ExportCaseHistoryQuery(id));
    } catch (error) {
      if (!(error instanceof ExportRefused)) throw error;
      throw new ApiProblem(
        error.beforeFirstHead ? 404 : 409,
        error.beforeFirstHead ? 'not_found' : 'conflict',
        error.message,
      );
    }
  }
}
