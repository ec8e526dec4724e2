/** A failure the audit CLI reports in one line, without a stack: a missing file, key or argument. */
export class AuditCliError extends Error {
  constructor(
    message: string,
    /** Print the usage after the message. */
    readonly usage = false,
  ) {
    super(message);
    this.name = 'AuditCliError';
  }
}
