import { Query } from '@nestjs/cqrs';
import type { ProjectedCase } from '@lib/read-model';

/** The case as it stood at a time or after a revision: for auditors. */
export class SupportCaseAsOfQuery extends Query<ProjectedCase> {
  constructor(
    readonly id: string,
    readonly point: { asOf: string } | { revision: number },
  ) {
    super();
  }
}
