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
import { AddCommentCommand } from './add-comment.command';
import { AddCommentRequestSchema, type AddCommentRequest } from './add-comment.request';

@ApiTags('support cases')
@Controller('iptv/supportcase')
export class AddCommentController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/comment')
  @HttpCode(200)
  @ApiAccess('RESELLER', 'ADMIN')
  @ApiOperation({ summary: 'Add one comment to a support case the caller may see' })
  @ApiBody({ schema: openApiSchema(AddCommentRequestSchema) })
  @ApiCaseChange(400, 404, [409, 'The case is erased'], 412, 413, 415, 422)
  async addComment(
    @Param('id', ObjectIdPipe) id: string,
    @Body(new BodyPipe(AddCommentRequestSchema)) body: AddCommentRequest,
    @Req() request: FastifyRequest,
    @Caller() caller: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Json> {
    const command = new AddCommentCommand(id, body, caller, writeOptions(request, body));
    return replyWithCase(reply, await this.commands.execute(command), caller);
  }
}
