export { ACCESS_LEVELS, type AccessLevel, type Principal, isAccessLevel, isPlatformId } from './principal';
export {
  AUTH_SECRET_FILE,
  type AuthSecret,
  type AuthSecretOptions,
  type AuthSecretSource,
  type ResolvedAuthSecret,
  resolveAuthSecret,
  resolveAuthSecretWithSource,
} from './auth-secret';
export { InvalidTokenError, type IssueTokenOptions, issueToken, verifyToken } from './token';
export { type TokenCarrier, extractToken } from './extract-token';
export { Access, type AccessRule } from './access.decorator';
export { AuthGuard, type AuthenticatedRequest } from './auth.guard';
export { CurrentPrincipal } from './current-principal.decorator';
export { AuthModule, type AuthModuleOptions } from './auth.module';
