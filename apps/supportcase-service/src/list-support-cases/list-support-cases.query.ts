import { Query } from '@nestjs/cqrs';
import type { ListResult } from '@lib/read-model';
import type { RequestContext } from '../caller/request-context';

export class ListSupportCasesQuery extends Query<ListResult> {
  constructor(
    readonly page: { offset: number; limit: number; customer?: string; solved?: boolean },
    readonly context: RequestContext,
  ) {
    super();
  }
}
