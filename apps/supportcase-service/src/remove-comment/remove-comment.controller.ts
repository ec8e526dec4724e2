import { Controller, Delete, Param, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiObjectIdParam, ObjectIdPipe } from '@lib/http';
import { ApiAccess } from '../http/api-access.decorator';
import { ApiCaseChange } from '../http/api-case-change.decorator';
import { Caller } from '../http/caller.decorator';
import { writeOptions } from '../http/write-options';
import type { RequestContext } from '../caller/request-context';
import { replyWithCase, type Json } from '../http/case-reply';
import { RemoveCommentCommand } from './remove-comment.command';

@ApiTags('support cases')
@Controller('iptv/supportcase')
export class RemoveCommentController {
  constructor(private readonly commands: CommandBus) {}

  @Delete(':id/comment/:commentId')
  @ApiAccess('ADMIN')
  @ApiOperation({ summary: 'Remove one comment from a support case' })
  @ApiObjectIdParam('commentId', 'The comment id')
  @ApiCaseChange(
    400,
    [404, 'No such case, or no such comment in it'],
    [409, 'The case is erased'],
    412,
    [413, 'A body was sent, larger than the limit: the route takes none'],
    [415, 'A body was sent, not application/json: the route takes none'],
    422,
  )
  async removeComment(
    @Param('id', ObjectIdPipe) id: string,
    @Param('commentId', new ObjectIdPipe('commentId')) commentId: string,
    @Req() request: FastifyRequest,
    @Caller() caller: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Json> {
    const command = new RemoveCommentCommand(id, commentId, caller, writeOptions(request, undefined));
    return replyWithCase(reply, await this.commands.execute(command), caller);
  }
}
