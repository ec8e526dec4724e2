import { CaseWriteCommand } from '../write/support-case-writer';

/** Its input is the id of the comment to remove. */
export class RemoveCommentCommand extends CaseWriteCommand<string> {}
