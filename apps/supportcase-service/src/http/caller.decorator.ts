import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest } from '@lib/auth';
import { requestContext, type RequestContext } from '../caller/request-context';

/** The authenticated caller and the request's correlation id, for a command or query. */
export const Caller = createParamDecorator((_data: unknown, context: ExecutionContext): RequestContext => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest & { id: string }>();
  if (!request.principal) throw new Error('@Caller() is used on a route without @Access()');
  return requestContext(request.principal, request.id);
});
