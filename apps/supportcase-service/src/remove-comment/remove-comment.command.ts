import { Command } from '@nestjs/cqrs';
import type { DecideOptions, DecidedCase } from '../support-case/support-case.repository';
import type { RequestContext } from '../support-case/request-context';

export class RemoveCommentCommand extends Command<DecidedCase> {
  constructor(
    readonly id: string,
    readonly commentId: string,
    readonly context: RequestContext,
    readonly options: DecideOptions = {},
  ) {
    super();
  }
}
