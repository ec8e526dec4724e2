import type { LoadedCase } from './support-case.repository';

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
