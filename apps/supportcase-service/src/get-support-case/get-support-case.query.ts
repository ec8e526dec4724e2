import { Query } from '@nestjs/cqrs';
import type { DecidedCase } from '../support-case/support-case.repository';
import type { RequestContext } from '../support-case/request-context';

export class GetSupportCaseQuery extends Query<DecidedCase> {
  constructor(
    readonly id: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}
