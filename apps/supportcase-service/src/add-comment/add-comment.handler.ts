import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decideAddComment } from '@lib/domain';
import { SupportCaseRepository, type DecidedCase } from '../support-case/support-case.repository';
import { AddCommentCommand } from './add-comment.command';

@CommandHandler(AddCommentCommand)
export class AddCommentHandler implements ICommandHandler<AddCommentCommand> {
  constructor(private readonly repository: SupportCaseRepository) {}

  execute({ id, input, context, options }: AddCommentCommand): Promise<DecidedCase> {
    return this.repository.decide(
      'AddComment',
      id,
      (state, decision) => decideAddComment(state, input, decision),
      context,
      options,
    );
  }
}
