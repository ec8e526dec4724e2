import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { AuthSecret } from './auth-secret';
import type { Principal } from './principal';
import { verifyTokenUntil, type VerifiedToken } from './token';

/** Tokens remembered at most; the least recently used is forgotten first. */
const REMEMBERED = 10_000;

export interface VerifiedTokensOptions {
  readonly verify?: (secret: AuthSecret, token: string) => Promise<VerifiedToken>;
  readonly now?: () => number;
}

/**
 * Tokens this process has verified, remembered until they expire, so that a caller's next
 * requests with the same token skip the signature check: its outcome cannot change, since the
 * secret is the process's for its lifetime and the platform revokes no token before its `exp`.
 * Expiry is checked on every request. A token is remembered by its SHA-256, so no bearer token
 * outlives its request in memory; a refused token is never remembered.
 */
export class VerifiedTokens {
  private readonly remembered = new LRUCache<string, VerifiedToken>({ max: REMEMBERED });
  private readonly verify;
  private readonly now;

  constructor(
    private readonly secret: AuthSecret,
    { verify = verifyTokenUntil, now = Date.now }: VerifiedTokensOptions = {},
  ) {
    this.verify = verify;
    this.now = now;
  }

  /** The token's principal, shared between its requests and so frozen; throws InvalidTokenError. */
  async principalOf(token: string): Promise<Principal> {
    const key = createHash('sha256').update(token).digest('base64');
    const known = this.remembered.get(key);
    if (known && this.now() < known.expiresAtMs) return known.principal;
    const verified = await this.verify(this.secret, token);
    const principal = frozen(verified.principal);
    this.remembered.set(key, { principal, expiresAtMs: verified.expiresAtMs });
    return principal;
  }
}

function frozen(principal: Principal): Principal {
  Object.freeze(principal.customerFeatures);
  Object.freeze(principal.employeeFeatures);
  return Object.freeze(principal);
}
