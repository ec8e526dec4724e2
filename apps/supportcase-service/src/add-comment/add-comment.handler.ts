import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SupportCaseWriter, type WrittenCase } from '../write/support-case-writer';
import { AddCommentCommand } from './add-comment.command';

@CommandHandler(AddCommentCommand)
export class AddCommentHandler implements ICommandHandler<AddCommentCommand> {
  constructor(private readonly writer: SupportCaseWriter) {}

  execute(write: AddCommentCommand): Promise<WrittenCase> {
    return this.writer.write(write, { type: 'AddComment', data: write.input });
  }
}
