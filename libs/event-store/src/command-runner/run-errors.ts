import type { StreamRevision } from './fold-cache';

/** The stream changed between load and append; running the command again may succeed. */
export class ConcurrencyError extends Error {
  constructor(
    readonly streamId: string,
    options?: ErrorOptions,
  ) {
    super(`stream ${streamId} changed while the command ran`, options);
    this.name = 'ConcurrencyError';
  }
}

/** The stream is not at a revision the caller's precondition accepts. */
export class PreconditionFailed extends Error {
  constructor(
    readonly streamId: string,
    readonly revision: StreamRevision,
  ) {
    super(`stream ${streamId} is at revision ${revision}, which the precondition does not accept`);
    this.name = 'PreconditionFailed';
  }
}
