import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ReadModelStore, type ListResult } from '@lib/read-model';
import { ListSupportCasesQuery } from './list-support-cases.query';

@QueryHandler(ListSupportCasesQuery)
export class ListSupportCasesHandler implements IQueryHandler<ListSupportCasesQuery> {
  constructor(private readonly readModel: ReadModelStore) {}

  execute({ page, context: { actor } }: ListSupportCasesQuery): Promise<ListResult> {
    return this.readModel.listCases({
      offset: page.offset,
      limit: page.limit,
      customer: page.customer?.toLowerCase(),
      solved: page.solved,
      visibleToReseller: actor.accessLevel === 'ADMIN' ? undefined : actor.customer,
    });
  }
}
