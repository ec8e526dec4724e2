import { Query } from '@nestjs/cqrs';
import type { ProjectedCase } from '@lib/read-model';
import type { RequestContext } from '../caller/request-context';

export class GetSupportCaseQuery extends Query<ProjectedCase> {
  constructor(
    readonly id: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}
