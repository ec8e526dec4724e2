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
import { EraseSupportCaseCommand } from './erase-support-case.command';
import { EraseSupportCaseRequestSchema, type EraseSupportCaseRequest } from './erase-support-case.request';

@ApiTags('support cases')
@Controller('iptv/supportcase')
export class EraseSupportCaseController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/erase')
  @HttpCode(200)
  @ApiAccess('ADMIN')
  @ApiOperation({
    summary:
      "Erase a case's personal data (GDPR art. 17): its names and texts become unreadable everywhere; " +
      'its ids, dates, flags and history stay, with `erased: {date, reason}`',
  })
  @ApiBody({ schema: openApiSchema(EraseSupportCaseRequestSchema) })
  @ApiCaseChange(400, 404, 412, 413, 415, 422)
  async erase(
    @Param('id', ObjectIdPipe) id: string,
    @Body(new BodyPipe(EraseSupportCaseRequestSchema)) body: EraseSupportCaseRequest,
    @Req() request: FastifyRequest,
    @Caller() caller: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Json> {
    const command = new EraseSupportCaseCommand(id, body, caller, writeOptions(request, body));
    return replyWithCase(reply, await this.commands.execute(command), caller);
  }
}
