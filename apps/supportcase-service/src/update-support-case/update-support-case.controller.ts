import { Body, Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '@lib/auth';
import { SupportCaseDocumentSchema, type SupportCaseDocument } from '@lib/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BodyPipe, ObjectIdPipe, openApiSchema } from '@lib/http';
import { Caller } from '../http/caller.decorator';
import { writeOptions } from '../http/write-options';
import type { RequestContext } from '../caller/request-context';
import { replyWithCase } from '../http/case-reply';
import { UpdateSupportCaseCommand } from './update-support-case.command';
import { UpdateSupportCaseRequestSchema, type UpdateSupportCaseRequest } from './update-support-case.request';

@ApiTags('support cases')
@Controller('iptv/supportcase')
export class UpdateSupportCaseController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id')
  @HttpCode(200)
  @Access('ADMIN')
  @ApiOperation({ summary: 'Update a support case (the reference page)' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The revision (ETag) the change is based on' })
  @ApiBody({ schema: openApiSchema(UpdateSupportCaseRequestSchema) })
  @ApiOkResponse({ schema: openApiSchema(SupportCaseDocumentSchema) })
  async update(
    @Param('id', ObjectIdPipe) id: string,
    @Body(new BodyPipe(UpdateSupportCaseRequestSchema)) body: UpdateSupportCaseRequest,
    @Req() request: FastifyRequest,
    @Caller() caller: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SupportCaseDocument> {
    const command = new UpdateSupportCaseCommand(id, body, caller, writeOptions(request, body));
    return replyWithCase(reply, await this.commands.execute(command), caller);
  }
}
