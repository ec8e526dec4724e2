import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SupportCaseWriter, type WrittenCase } from '../write/support-case-writer';
import { RemoveCommentCommand } from './remove-comment.command';

@CommandHandler(RemoveCommentCommand)
export class RemoveCommentHandler implements ICommandHandler<RemoveCommentCommand> {
  constructor(private readonly writer: SupportCaseWriter) {}

  execute(write: RemoveCommentCommand): Promise<WrittenCase> {
    return this.writer.write(write, { type: 'RemoveComment', data: { commentId: write.input } });
  }
}
