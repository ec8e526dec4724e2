import { CaseWriteCommand } from '../write/support-case-writer';
import type { EraseSupportCaseRequest } from './erase-support-case.request';

export class EraseSupportCaseCommand extends CaseWriteCommand<EraseSupportCaseRequest> {}
