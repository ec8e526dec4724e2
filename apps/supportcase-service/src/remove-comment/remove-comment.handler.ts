import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decideRemoveComment } from '@lib/domain';
import { SupportCaseRepository, type DecidedCase } from '../support-case/support-case.repository';
import { RemoveCommentCommand } from './remove-comment.command';

@CommandHandler(RemoveCommentCommand)
export class RemoveCommentHandler implements ICommandHandler<RemoveCommentCommand> {
  constructor(private readonly repository: SupportCaseRepository) {}

  execute({ id, commentId, context, options }: RemoveCommentCommand): Promise<DecidedCase> {
    return this.repository.decide(
      'RemoveComment',
      id,
      (state) => decideRemoveComment(state, { commentId }),
      context,
      options,
    );
  }
}
