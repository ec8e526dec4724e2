import { type JWTPayload, SignJWT, jwtVerify } from 'jose';
import { type Principal, isAccessLevel, isPlatformId } from './principal';
import type { AuthSecret } from './auth-secret';

const ALGORITHM = 'HS256';

/** Every way a token can be unacceptable; the message never describes the secret or the token. */
export class InvalidTokenError extends Error {
  override readonly name = 'InvalidTokenError';
}

export interface IssueTokenOptions {
  /** A time span such as '15m', '1h' or '7d'. */
  expiresIn: string;
}

export async function issueToken(
  secret: AuthSecret,
  principal: Principal,
  { expiresIn }: IssueTokenOptions,
): Promise<string> {
  const { employee, ...claims } = principal;
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(employee)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(toKey(secret));
}

export async function verifyToken(secret: AuthSecret, token: string): Promise<Principal> {
  const payload = await verifySignatureAndTimes(secret, token);
  return principalFromClaims(payload);
}

async function verifySignatureAndTimes(secret: AuthSecret, token: string): Promise<JWTPayload> {
  try {
    // Pinning the algorithm refuses 'none' and any attempt to pass a public key off as an HMAC secret.
    const { payload } = await jwtVerify(token, toKey(secret), { algorithms: [ALGORITHM], requiredClaims: ['exp'] });
    return payload;
  } catch (error) {
    throw new InvalidTokenError(isExpiry(error) ? 'token expired' : 'token invalid');
  }
}

function isExpiry(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ERR_JWT_EXPIRED';
}

function principalFromClaims(claims: JWTPayload): Principal {
  const { sub, customer, accessLevel, name, customerName, customerFeatures = [], employeeFeatures = [] } = claims;
  const wellTyped =
    isPlatformId(sub) &&
    isPlatformId(customer) &&
    isAccessLevel(accessLevel) &&
    isOptionalString(name) &&
    isOptionalString(customerName) &&
    isStringArray(customerFeatures) &&
    isStringArray(employeeFeatures);
  if (!wellTyped) throw new InvalidTokenError('token claims malformed');
  return {
    employee: sub.toLowerCase(),
    customer: customer.toLowerCase(),
    accessLevel,
    ...(name === undefined ? {} : { name }),
    ...(customerName === undefined ? {} : { customerName }),
    customerFeatures,
    employeeFeatures,
  };
}

function isOptionalString(value: unknown): value is string | undefined {
  return value === undefined || typeof value === 'string';
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function toKey(secret: AuthSecret): Uint8Array {
  return typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
}
