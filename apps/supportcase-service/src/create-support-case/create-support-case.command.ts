import { Command } from '@nestjs/cqrs';
import type { DecideOptions, DecidedCase } from '../support-case/support-case.repository';
import type { RequestContext } from '../support-case/request-context';
import type { CreateSupportCaseRequest } from './create-support-case.request';

export class CreateSupportCaseCommand extends Command<DecidedCase> {
  constructor(
    readonly input: CreateSupportCaseRequest,
    readonly context: RequestContext,
    readonly options: DecideOptions = {},
  ) {
    super();
  }
}
