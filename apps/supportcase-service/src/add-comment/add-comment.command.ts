import { Command } from '@nestjs/cqrs';
import type { DecideOptions, DecidedCase } from '../support-case/support-case.repository';
import type { RequestContext } from '../support-case/request-context';
import type { AddCommentRequest } from './add-comment.request';

export class AddCommentCommand extends Command<DecidedCase> {
  constructor(
    readonly id: string,
    readonly input: AddCommentRequest,
    readonly context: RequestContext,
    readonly options: DecideOptions = {},
  ) {
    super();
  }
}
