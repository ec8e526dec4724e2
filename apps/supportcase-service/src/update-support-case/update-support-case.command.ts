import { Command } from '@nestjs/cqrs';
import type { DecidedCase } from '../support-case/support-case.repository';
import type { RequestContext } from '../support-case/request-context';
import type { UpdateSupportCaseRequest } from './update-support-case.request';

export class UpdateSupportCaseCommand extends Command<DecidedCase> {
  constructor(
    readonly id: string,
    readonly input: UpdateSupportCaseRequest,
    readonly context: RequestContext,
    /** The revision If-Match names, when the caller sent one. */
    readonly ifMatch?: number,
  ) {
    super();
  }
}
