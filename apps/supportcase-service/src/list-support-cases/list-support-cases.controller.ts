import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Access } from '@lib/auth';
import { SupportCaseDocumentSchema, toDocument, type SupportCaseDocument } from '@lib/domain';
import { Type } from '@sinclair/typebox';
import { openApiSchema, QueryPipe } from '@lib/http';
import { Caller } from '../http/caller.decorator';
import type { RequestContext } from '../caller/request-context';
import { ListSupportCasesParamsSchema, type ListSupportCasesParams } from './list-support-cases.request';
import { ListSupportCasesQuery } from './list-support-cases.query';

export interface SupportCasePage {
  offset: number;
  limit: number;
  total: number;
  supportCases: SupportCaseDocument[];
}

const SupportCasePageSchema = Type.Object({
  offset: Type.Integer(),
  limit: Type.Integer(),
  total: Type.Integer({ description: 'all matches, regardless of offset and limit' }),
  supportCases: Type.Array(SupportCaseDocumentSchema),
});

@ApiTags('support cases')
@Controller('iptv/supportcase')
export class ListSupportCasesController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Access({ levels: ['RESELLER', 'ADMIN'], resellerNeedsFeatures: true })
  @ApiOperation({ summary: 'List support cases, newest date first' })
  @ApiQuery({ name: 'offset', required: false, schema: { type: 'integer', minimum: 0, default: 0 } })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 } })
  @ApiQuery({ name: 'customer', required: false, description: 'only this customer id' })
  @ApiOkResponse({ schema: openApiSchema(SupportCasePageSchema) })
  async list(
    @Query(new QueryPipe(ListSupportCasesParamsSchema)) params: ListSupportCasesParams,
    @Caller() caller: RequestContext,
  ): Promise<SupportCasePage> {
    const { offset, limit, customer } = params;
    const result = await this.queries.execute(new ListSupportCasesQuery({ offset, limit, customer }, caller));
    return {
      offset,
      limit,
      total: result.total,
      supportCases: result.cases.map((supportCase) => toDocument(supportCase, caller.actor)),
    };
  }
}
