import { Controller, Get, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { documentJson, SupportCaseDocumentSchema, type SupportCaseDocument } from '@lib/domain';
import type { FastifyReply } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ApiProblems, ApiQueryFrom, openApiSchema, QueryPipe } from '@lib/http';
import { ApiAccess } from '../http/api-access.decorator';
import { Caller } from '../http/caller.decorator';
import { replyWithJson, type Json } from '../http/case-reply';
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
  @ApiAccess({ levels: ['RESELLER', 'ADMIN'], resellerNeedsFeatures: true })
  @ApiOperation({ summary: 'List support cases, newest date first' })
  @ApiQueryFrom(ListSupportCasesParamsSchema)
  @ApiOkResponse({ schema: openApiSchema(SupportCasePageSchema) })
  @ApiProblems(400)
  async list(
    @Query(new QueryPipe(ListSupportCasesParamsSchema)) params: ListSupportCasesParams,
    @Caller() caller: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Json> {
    const { offset, limit, customer, solved } = params;
    const result = await this.queries.execute(new ListSupportCasesQuery({ offset, limit, customer, solved }, caller));
    const page: Omit<SupportCasePage, 'supportCases'> = { offset, limit, total: result.total };
    // The page's own fields, then its documents as each was serialised when first read.
    const documents = result.cases.map((supportCase) => documentJson(supportCase, caller.actor));
    return replyWithJson(reply, `${JSON.stringify(page).slice(0, -1)},"supportCases":[${documents.join(',')}]}`);
  }
}
