/** Who the token says is signed in: read for display only; the service checks the token itself. */
export interface Caller {
  readonly employee: string;
  readonly customer: string;
  readonly accessLevel: string;
  readonly name?: string;
  readonly customerName?: string;
}

/** The token's claims, or undefined when it is no JWT with an access level. Its signature is not checked. */
export function callerOf(token: string): Caller | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const claims = decodedPayload(parts[1]);
  if (typeof claims?.accessLevel !== 'string') return undefined;
  return {
    employee: String(claims.sub ?? ''),
    customer: String(claims.customer ?? ''),
    accessLevel: claims.accessLevel,
    ...(typeof claims.name === 'string' && { name: claims.name }),
    ...(typeof claims.customerName === 'string' && { customerName: claims.customerName }),
  };
}

function decodedPayload(part: string): Record<string, unknown> | undefined {
  try {
    const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    const payload: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** History, time travel, verification, export and erasure are the API's ADMIN-only endpoints. */
export function isAdmin(caller: Caller): boolean {
  return caller.accessLevel === 'ADMIN';
}

/** The levels the API lets read support cases at all. */
export function mayReadCases(caller: Caller): boolean {
  return caller.accessLevel === 'ADMIN' || caller.accessLevel === 'RESELLER';
}
