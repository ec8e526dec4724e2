import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError, SupportCaseDocumentSchema } from '@lib/domain';
import type { FastifyReply } from 'fastify';
import {
  ApiObjectIdParam,
  ApiOkWithRevision,
  ApiProblem,
  ApiProblems,
  ApiQueryFrom,
  ObjectIdPipe,
  QueryPipe,
} from '@lib/http';
import { ApiAccess } from '../http/api-access.decorator';
import { Caller } from '../http/caller.decorator';
import type { RequestContext } from '../caller/request-context';
import { replyWithCase, type Json } from '../http/case-reply';
import { GetSupportCaseParamsSchema, type GetSupportCaseParams } from './get-support-case.request';
import { GetSupportCaseQuery } from './get-support-case.query';
import { SupportCaseAsOfQuery } from './support-case-as-of.query';

@ApiTags('support cases')
@Controller('iptv/supportcase')
export class GetSupportCaseController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id')
  @ApiAccess({ levels: ['RESELLER', 'ADMIN'], resellerNeedsFeatures: true })
  @ApiOperation({ summary: 'Get a support case; with asOf or revision (ADMIN), as it stood then' })
  @ApiObjectIdParam()
  @ApiQueryFrom(GetSupportCaseParamsSchema)
  @ApiOkWithRevision(SupportCaseDocumentSchema)
  @ApiProblems(400, 404)
  async get(
    @Param('id', ObjectIdPipe) id: string,
    @Query(new QueryPipe(GetSupportCaseParamsSchema)) params: GetSupportCaseParams,
    @Caller() caller: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Json> {
    const result = await this.queries.execute(this.query(id, params, caller));
    return replyWithCase(reply, result, caller);
  }

  private query(id: string, { asOf, revision }: GetSupportCaseParams, caller: RequestContext) {
    if (asOf === undefined && revision === undefined) return new GetSupportCaseQuery(id, caller);
    if (asOf !== undefined && revision !== undefined) {
      throw new ApiProblem(400, 'invalid_query', 'asOf and revision exclude each other', [
        { path: 'revision', message: 'must not be given with asOf' },
      ]);
    }
    if (caller.actor.accessLevel !== 'ADMIN') {
      throw new DomainError('access_denied', 'only ADMIN reads a case as it stood before');
    }
    return new SupportCaseAsOfQuery(id, asOf !== undefined ? { asOf } : { revision: revision as number });
  }
}
