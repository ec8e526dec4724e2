export const ACCESS_LEVELS = ['VIEWER', 'MANAGER', 'OWNER', 'RESELLER', 'RESELLER_ADMIN', 'ADMIN'] as const;

export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/** The authenticated caller, as carried by a verified platform token. Ids are lower-case. */
export interface Principal {
  employee: string;
  customer: string;
  accessLevel: AccessLevel;
  name?: string;
  customerName?: string;
  customerFeatures: string[];
  employeeFeatures: string[];
}

const PLATFORM_ID = /^[0-9a-f]{24}$/i;

export function isAccessLevel(value: unknown): value is AccessLevel {
  return (ACCESS_LEVELS as readonly unknown[]).includes(value);
}

/** Platform ids are 24 hex characters (ObjectId style), in either case. */
export function isPlatformId(value: unknown): value is string {
  return typeof value === 'string' && PLATFORM_ID.test(value);
}
