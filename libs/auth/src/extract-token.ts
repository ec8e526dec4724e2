import { parse as parseCookies } from 'cookie';

/** The parts of a Fastify request a token can arrive in. */
export interface TokenCarrier {
  query?: unknown;
  headers: Record<string, string | string[] | undefined>;
}

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/** The token from `?token=`, else `Authorization: Bearer`, else cookie `token`. */
export function extractToken(request: TokenCarrier): string | undefined {
  return (
    fromQuery(request.query) ?? fromAuthorization(request.headers.authorization) ?? fromCookie(request.headers.cookie)
  );
}

function fromQuery(query: unknown): string | undefined {
  const token = (query as { token?: unknown } | undefined)?.token;
  return nonEmptyString(token);
}

function fromAuthorization(header: string | string[] | undefined): string | undefined {
  return typeof header === 'string' ? BEARER.exec(header)?.[1] : undefined;
}

function fromCookie(header: string | string[] | undefined): string | undefined {
  return typeof header === 'string' ? nonEmptyString(parseCookies(header).token) : undefined;
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
