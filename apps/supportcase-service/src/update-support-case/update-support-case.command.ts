import { Command } from '@nestjs/cqrs';
import type { DecideOptions, DecidedCase } from '../support-case/support-case.repository';
import type { RequestContext } from '../support-case/request-context';
import type { UpdateSupportCaseRequest } from './update-support-case.request';

export class UpdateSupportCaseCommand extends Command<DecidedCase> {
  constructor(
    readonly id: string,
    readonly input: UpdateSupportCaseRequest,
    readonly context: RequestContext,
    readonly options: DecideOptions = {},
  ) {
    super();
  }
}
