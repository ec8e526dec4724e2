import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SupportCaseDocumentSchema } from '@lib/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiOkWithRevision, ApiProblems, ApiWriteHeaders, BodyPipe, openApiSchema } from '@lib/http';
import { ApiAccess } from '../http/api-access.decorator';
import { Caller } from '../http/caller.decorator';
import { writeOptions } from '../http/write-options';
import type { RequestContext } from '../caller/request-context';
import { replyWithCase, type Json } from '../http/case-reply';
import { CreateSupportCaseCommand } from './create-support-case.command';
import { CreateSupportCaseRequestSchema, type CreateSupportCaseRequest } from './create-support-case.request';

@ApiTags('support cases')
@Controller('iptv/supportcase')
export class CreateSupportCaseController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @ApiAccess('RESELLER', 'ADMIN')
  @ApiOperation({ summary: 'Create a support case' })
  @ApiBody({ schema: openApiSchema(CreateSupportCaseRequestSchema) })
  @ApiWriteHeaders()
  @ApiOkWithRevision(SupportCaseDocumentSchema)
  @ApiProblems(
    400,
    [409, 'A case with this _id exists already'],
    [412, 'If-Match names a revision, and the case does not exist yet'],
    413,
    415,
    422,
  )
  async create(
    @Body(new BodyPipe(CreateSupportCaseRequestSchema)) body: CreateSupportCaseRequest,
    @Caller() caller: RequestContext,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Json> {
    const result = await this.commands.execute(new CreateSupportCaseCommand(body, caller, writeOptions(request, body)));
    return replyWithCase(reply, result, caller);
  }
}
