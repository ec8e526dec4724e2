import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ACCESS_RULE, type AccessRule } from './access.decorator';
import type { AuthSecret } from './auth-secret';
import { type TokenCarrier, extractToken } from './extract-token';
import type { Principal } from './principal';
import { InvalidTokenError } from './token';
import { VerifiedTokens } from './verified-tokens';

export const AUTH_SECRET = Symbol('AUTH_SECRET');

export interface AuthenticatedRequest extends TokenCarrier {
  principal?: Principal;
}

const RESELLER_CUSTOMER_FEATURES = ['IPTVBUSINESS', 'IPTVPRIVATE'];
const RESELLER_EMPLOYEE_FEATURE = 'PLAYMAKERSTATUS';

/** Enforces @Access on the route: 401 without a valid token, 403 when the rule refuses the caller. */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly tokens: VerifiedTokens;

  constructor(
    private readonly reflector: Reflector,
    @Inject(AUTH_SECRET) secret: AuthSecret,
  ) {
    this.tokens = new VerifiedTokens(secret);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!rule) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = await this.authenticate(request);
    assertAllowed(principal, rule);
    request.principal = principal;
    return true;
  }

  private async authenticate(request: TokenCarrier): Promise<Principal> {
    const token = extractToken(request);
    if (!token) throw invalidToken('no token: pass ?token=, Authorization: Bearer or cookie token');
    try {
      return await this.tokens.principalOf(token);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw invalidToken(error.message);
      throw error;
    }
  }
}

function assertAllowed(principal: Principal, rule: AccessRule): void {
  if (!rule.levels.includes(principal.accessLevel)) {
    throw accessDenied(`access level ${principal.accessLevel} may not use this endpoint`);
  }
  if (rule.resellerNeedsFeatures && principal.accessLevel === 'RESELLER' && !hasResellerFeatures(principal)) {
    throw accessDenied(
      `a RESELLER needs customer feature ${RESELLER_CUSTOMER_FEATURES.join(' or ')} and employee feature ${RESELLER_EMPLOYEE_FEATURE}`,
    );
  }
}

function hasResellerFeatures({ customerFeatures, employeeFeatures }: Principal): boolean {
  return (
    RESELLER_CUSTOMER_FEATURES.some((feature) => customerFeatures.includes(feature)) &&
    employeeFeatures.includes(RESELLER_EMPLOYEE_FEATURE)
  );
}

function invalidToken(detail: string): UnauthorizedException {
  return new UnauthorizedException({ error: 'invalid_token', detail });
}

function accessDenied(detail: string): ForbiddenException {
  return new ForbiddenException({ error: 'access_denied', detail });
}
