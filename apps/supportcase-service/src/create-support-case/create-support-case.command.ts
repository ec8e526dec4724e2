import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../caller/request-context';
import type { WriteOptions, WrittenCase } from '../write/support-case-writer';
import type { CreateSupportCaseRequest } from './create-support-case.request';

export class CreateSupportCaseCommand extends Command<WrittenCase> {
  constructor(
    readonly input: CreateSupportCaseRequest,
    readonly caller: RequestContext,
    readonly options: WriteOptions = {},
  ) {
    super();
  }
}
