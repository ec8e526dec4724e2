import type { SupportCase } from '@lib/domain';
import type { ProjectedCase } from './read-model.port';

/** The columns a stored case is found, listed and read by, before a store turns them into its own types. */
export interface CaseColumns {
  readonly id: string;
  readonly revision: number;
  readonly customer: string | null;
  readonly owner: string;
  readonly date: string;
  readonly solved: boolean;
  readonly document: SupportCase;
}

export function caseColumns(id: string, { supportCase, revision }: ProjectedCase): CaseColumns {
  return {
    id,
    revision,
    customer: supportCase.customer ?? null,
    owner: supportCase.owner,
    date: supportCase.date,
    solved: supportCase.solved,
    document: supportCase,
  };
}
