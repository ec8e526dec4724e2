import type { SupportCaseState } from '@lib/domain';

/** A case as its stream stands: `revision` is that of its last event, or `no_stream`. */
export interface LoadedCase {
  readonly state: SupportCaseState;
  readonly revision: number | 'no_stream';
}

/**
 * The latest fold of the cases used most recently, so that loading one reads only the events
 * appended since: the cost of a command does not grow with the case's history.
 */
export class RecentCases {
  private readonly folds = new Map<string, LoadedCase>();

  constructor(private readonly capacity = 10_000) {}

  get(caseId: string): LoadedCase | undefined {
    return this.folds.get(caseId);
  }

  remember(caseId: string, loaded: LoadedCase): void {
    this.folds.delete(caseId);
    this.folds.set(caseId, loaded);
    if (this.folds.size > this.capacity) this.folds.delete(this.folds.keys().next().value as string);
  }
}
