import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decideAddComment } from '@lib/domain';
import { newObjectId } from '../support-case/object-id';
import { SupportCaseRepository, type DecidedCase } from '../support-case/support-case.repository';
import { AddCommentCommand } from './add-comment.command';

@CommandHandler(AddCommentCommand)
export class AddCommentHandler implements ICommandHandler<AddCommentCommand> {
  constructor(private readonly repository: SupportCaseRepository) {}

  execute({ id, input, context, ifMatch }: AddCommentCommand): Promise<DecidedCase> {
    const now = new Date().toISOString();
    const decisionContext = { actor: context.actor, now, newId: newObjectId };
    return this.repository.decide(id, (state) => decideAddComment(state, input, decisionContext), context, {
      now,
      ifMatch,
    });
  }
}
