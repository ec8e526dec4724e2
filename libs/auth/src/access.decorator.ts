import { SetMetadata } from '@nestjs/common';
import type { AccessLevel } from './principal';

export interface AccessRule {
  levels: readonly [AccessLevel, ...AccessLevel[]];
  /**
   * A RESELLER additionally needs customer feature IPTVBUSINESS or IPTVPRIVATE and employee
   * feature PLAYMAKERSTATUS, as the reference demands for list and get.
   */
  resellerNeedsFeatures?: boolean;
}

export const ACCESS_RULE = 'auth:access-rule';

/**
 * Requires a valid token whose access level is one of those given, e.g. `@Access('ADMIN')` or
 * `@Access({ levels: ['RESELLER', 'ADMIN'], resellerNeedsFeatures: true })`. On a controller it
 * covers every route; a route's own @Access replaces it. Routes without @Access are public.
 */
export function Access(...levels: [AccessLevel, ...AccessLevel[]]): MethodDecorator & ClassDecorator;
export function Access(rule: AccessRule): MethodDecorator & ClassDecorator;
export function Access(...args: [AccessRule] | [AccessLevel, ...AccessLevel[]]): MethodDecorator & ClassDecorator {
  const [first, ...rest] = args;
  const rule: AccessRule = typeof first === 'string' ? { levels: [first, ...(rest as AccessLevel[])] } : first;
  return SetMetadata(ACCESS_RULE, rule);
}
