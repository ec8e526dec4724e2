import { CaseWriteCommand } from '../write/support-case-writer';
import type { UpdateSupportCaseRequest } from './update-support-case.request';

export class UpdateSupportCaseCommand extends CaseWriteCommand<UpdateSupportCaseRequest> {}
