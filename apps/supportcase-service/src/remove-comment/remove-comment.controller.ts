import { Controller, Delete, Param, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '@lib/auth';
import { SupportCaseDocumentSchema, type SupportCaseDocument } from '@lib/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ObjectIdPipe, openApiSchema } from '@lib/http';
import { Caller } from '../http/caller.decorator';
import { writeOptions } from '../http/write-options';
import type { RequestContext } from '../caller/request-context';
import { replyWithCase } from '../http/case-reply';
import { RemoveCommentCommand } from './remove-comment.command';

@ApiTags('support cases')
@Controller('iptv/supportcase')
export class RemoveCommentController {
  constructor(private readonly commands: CommandBus) {}

  @Delete(':id/comment/:commentId')
  @Access('ADMIN')
  @ApiOperation({ summary: 'Remove one comment from a support case' })
  @ApiOkResponse({ schema: openApiSchema(SupportCaseDocumentSchema) })
  async removeComment(
    @Param('id', ObjectIdPipe) id: string,
    @Param('commentId', new ObjectIdPipe('commentId')) commentId: string,
    @Req() request: FastifyRequest,
    @Caller() caller: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SupportCaseDocument> {
    const command = new RemoveCommentCommand(id, commentId, caller, writeOptions(request, undefined));
    return replyWithCase(reply, await this.commands.execute(command), caller);
  }
}
