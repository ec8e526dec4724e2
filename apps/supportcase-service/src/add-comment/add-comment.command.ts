import { CaseWriteCommand } from '../write/support-case-writer';
import type { AddCommentRequest } from './add-comment.request';

export class AddCommentCommand extends CaseWriteCommand<AddCommentRequest> {}
