import { Body, Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BodyPipe, ObjectIdPipe, openApiSchema } from '@lib/http';
import { ApiAccess } from '../http/api-access.decorator';
import { ApiCaseChange } from '../http/api-case-change.decorator';
import { Caller } from '../http/caller.decorator';
import { writeOptions } from '../http/write-options';
import type { RequestContext } from '../caller/request-context';
import { replyWithCase, type Json } from '../http/case-reply';
import { UpdateSupportCaseCommand } from './update-support-case.command';
import { UpdateSupportCaseRequestSchema, type UpdateSupportCaseRequest } from './update-support-case.request';

@ApiTags('support cases')
@Controller('iptv/supportcase')
export class UpdateSupportCaseController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id')
  @HttpCode(200)
  @ApiAccess('ADMIN')
  @ApiOperation({ summary: 'Update a support case (the reference page)' })
  @ApiBody({ schema: openApiSchema(UpdateSupportCaseRequestSchema) })
  @ApiCaseChange(400, 404, [409, 'The case is erased, or a comment id is not in it'], 412, 413, 415, 422)
  async update(
    @Param('id', ObjectIdPipe) id: string,
    @Body(new BodyPipe(UpdateSupportCaseRequestSchema)) body: UpdateSupportCaseRequest,
    @Req() request: FastifyRequest,
    @Caller() caller: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Json> {
    const command = new UpdateSupportCaseCommand(id, body, caller, writeOptions(request, body));
    return replyWithCase(reply, await this.commands.execute(command), caller);
  }
}
