import type { LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Logger } from 'pino';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

export interface LoggerOptions {
  /** Names the process in every line. */
  readonly service: string;
  readonly level: LogLevelName;
  /** Standard output by default. */
  readonly destination?: DestinationStream;
}

/** Query parameters that carry a credential: kept out of every logged URL. */
const SECRET_QUERY = /([?&]token=)[^&#]*/gi;

export function withoutSecrets(url: string): string {
  return url.replace(SECRET_QUERY, '$1[redacted]');
}

/**
 * One JSON log for the process. Requests are logged with their id and their URL without
 * credentials; headers and bodies are never logged, so no token nor any private information
 * reaches a log line.
 */
export function createLogger({ service, level, destination }: LoggerOptions): Logger {
  return pino(
    {
      level,
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: {
        req: (request: { method: string; url: string; ip?: string }) => ({
          method: request.method,
          url: withoutSecrets(request.url),
          remoteAddress: request.ip,
        }),
        res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
      },
    },
    destination,
  );
}

/** Nest's own log lines (lifecycle, roles, consumers) into the same JSON log. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...context: unknown[]): void {
    this.logger.info(fields(context), String(message));
  }

  error(message: unknown, ...context: unknown[]): void {
    const [detail, ...rest] = context;
    const extra =
      detail instanceof Error
        ? { ...fields(rest), err: detail }
        : typeof detail === 'string' && context.length > 1
          ? { ...fields(rest), stack: detail }
          : fields(context);
    this.logger.error(extra, String(message));
  }

  warn(message: unknown, ...context: unknown[]): void {
    this.logger.warn(fields(context), String(message));
  }

  debug(message: unknown, ...context: unknown[]): void {
    this.logger.debug(fields(context), String(message));
  }

  verbose(message: unknown, ...context: unknown[]): void {
    this.logger.trace(fields(context), String(message));
  }

  fatal(message: unknown, ...context: unknown[]): void {
    this.logger.fatal(fields(context), String(message));
  }
}

/** Nest passes the logger's context (its name) last. */
function fields(context: unknown[]): { context?: string } {
  const name = context[context.length - 1];
  return typeof name === 'string' ? { context: name } : {};
}
