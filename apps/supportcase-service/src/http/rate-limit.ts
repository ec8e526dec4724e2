import fastifyRateLimit, { type RateLimitPluginOptions } from '@fastify/rate-limit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { extractToken } from '@lib/auth';
import { ApiProblem } from '@lib/http';
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

/** Probes and scrapes are never limited: an overloaded service must still say so. */
const UNLIMITED = /^\/(health|metrics|docs|console)(\/|\?|$)/;

/** Whether requests to this path count against the limit. */
export function isRateLimited(path: string): boolean {
  return !UNLIMITED.test(path);
}

/**
 * A limit per token and minute on the API (per address for requests without one), answered
 * 429 with Retry-After. Tokens are keyed by digest, so no credential is held in memory.
 */
export async function limitRequestsPerToken(app: NestFastifyApplication, perMinute: number): Promise<void> {
  if (perMinute === 0) return;
  const options: RateLimitPluginOptions = {
    global: true,
    max: perMinute,
    timeWindow: 60_000,
    keyGenerator: keyOf,
    allowList: (request) => !isRateLimited(request.url),
    errorResponseBuilder: (_request, { after }) =>
      new ApiProblem(
        429,
        'too_many_requests',
        `rate limit of ${perMinute} requests a minute reached; retry after ${after}`,
      ),
  };
  await app.register(fastifyRateLimit as never, options);
}

function keyOf(request: FastifyRequest): string {
  const token = extractToken(request as unknown as Parameters<typeof extractToken>[0]);
  return token ? `token:${createHash('sha256').update(token).digest('base64url')}` : `ip:${request.ip}`;
}
