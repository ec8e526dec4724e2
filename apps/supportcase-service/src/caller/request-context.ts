import type { Principal } from '@lib/auth';
import type { Actor } from '@lib/domain';

/** Who is asking and under which correlation id: carried by every command and query. */
export interface RequestContext {
  readonly actor: Actor;
  readonly correlationId: string;
}

export function requestContext(principal: Principal, correlationId: string): RequestContext {
  return {
    actor: {
      employee: principal.employee,
      employeeName: principal.name,
      customer: principal.customer,
      customerName: principal.customerName,
      accessLevel: principal.accessLevel,
    },
    correlationId,
  };
}
