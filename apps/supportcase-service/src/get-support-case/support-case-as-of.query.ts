import { Query } from '@nestjs/cqrs';
import type { DecidedCase } from '../support-case/support-case.repository';

/** The case as it stood at a time or after a revision: for auditors. */
export class SupportCaseAsOfQuery extends Query<DecidedCase> {
  constructor(
    readonly id: string,
    readonly point: { asOf: string } | { revision: number },
  ) {
    super();
  }
}
