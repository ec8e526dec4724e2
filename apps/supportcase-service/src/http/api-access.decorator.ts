import { applyDecorators } from '@nestjs/common';
import { Access, type AccessLevel, type AccessRule } from '@lib/auth';
import { ApiTokenAuth } from '@lib/http';

type AccessArguments = [AccessRule] | [AccessLevel, ...AccessLevel[]];

/** A route's access rule (see Access), documented: the token's three schemes and the 401 and 403 problems. */
export function ApiAccess(...rule: AccessArguments): MethodDecorator & ClassDecorator {
  return applyDecorators((Access as (...rule: AccessArguments) => MethodDecorator)(...rule), ApiTokenAuth());
}
