import { type JWTPayload, SignJWT, jwtVerify } from 'jose';
import { ACCESS_LEVELS, type Principal, isAccessLevel, isPlatformId } from './principal';
import type { AuthSecret } from './auth-secret';

const ALGORITHM = 'HS256';

/** Why a token is unacceptable, for the caller to read; the message never holds the secret or the token. */
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

/** A verified token's principal, and when the token stops being valid. */
export interface VerifiedToken {
  readonly principal: Principal;
  /** Its `exp`, in milliseconds since the epoch. */
  readonly expiresAtMs: number;
}

export async function verifyToken(secret: AuthSecret, token: string): Promise<Principal> {
  return (await verifyTokenUntil(secret, token)).principal;
}

export async function verifyTokenUntil(secret: AuthSecret, token: string): Promise<VerifiedToken> {
  const payload = await verifySignatureAndTimes(secret, token);
  // jose required `exp` and found it a number.
  return { principal: principalFromClaims(payload), expiresAtMs: (payload.exp as number) * 1000 };
}

async function verifySignatureAndTimes(secret: AuthSecret, token: string): Promise<JWTPayload> {
  try {
    // Pinning the algorithm refuses 'none' and any attempt to pass a public key off as an HMAC secret.
    const { payload } = await jwtVerify(token, toKey(secret), { algorithms: [ALGORITHM], requiredClaims: ['exp'] });
    return payload;
  } catch (error) {
    throw new InvalidTokenError(refusalOf(error as JoseError));
  }
}

interface JoseError {
  code?: string;
  claim?: string;
  reason?: string;
}

/** A token signed elsewhere is the usual cause: name the settings that pick the secret on each side. */
const SECRET_MISMATCH =
  'token signature does not match: the token was altered, or signed with another secret than this ' +
  "service's (the service and whoever minted the token must use the same AUTH_SECRET, or the same " +
  'DATA_DIR with AUTH_SECRET unset)';

const REFUSALS: Record<string, string> = {
  ERR_JWS_INVALID: 'token malformed: not a JWT (three base64url parts: header.payload.signature)',
  ERR_JWT_INVALID: 'token malformed: its payload is not a JSON object',
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: SECRET_MISMATCH,
  ERR_JOSE_ALG_NOT_ALLOWED: `token not signed with ${ALGORITHM}`,
  ERR_JWT_EXPIRED: 'token expired',
};

function refusalOf({ code, claim, reason }: JoseError): string {
  if (code !== 'ERR_JWT_CLAIM_VALIDATION_FAILED') return REFUSALS[code ?? ''] ?? 'token invalid';
  if (claim === 'nbf' && reason === 'check_failed') return 'token not valid yet';
  return `token claims malformed: "${claim}" ${reason === 'missing' ? 'missing' : 'must be a number'}`;
}

type PlatformClaims = Pick<Principal, 'accessLevel' | 'name' | 'customerName'> & {
  sub: string;
  customer: string;
  customerFeatures?: string[];
  employeeFeatures?: string[];
};

const CLAIM_RULES: readonly (readonly [keyof PlatformClaims, (value: unknown) => boolean, string])[] = [
  ['sub', isPlatformId, 'an employee id of 24 hex characters'],
  ['customer', isPlatformId, 'a customer id of 24 hex characters'],
  ['accessLevel', isAccessLevel, `one of ${ACCESS_LEVELS.join(', ')}`],
  ['name', isOptionalString, 'text'],
  ['customerName', isOptionalString, 'text'],
  ['customerFeatures', isOptionalStringArray, 'a list of text'],
  ['employeeFeatures', isOptionalStringArray, 'a list of text'],
];

function assertPlatformClaims(claims: JWTPayload): asserts claims is JWTPayload & PlatformClaims {
  const broken = CLAIM_RULES.find(([claim, isValid]) => !isValid(claims[claim]));
  if (broken) throw new InvalidTokenError(`token claims malformed: "${broken[0]}" must be ${broken[2]}`);
}

function principalFromClaims(claims: JWTPayload): Principal {
  assertPlatformClaims(claims);
  const { sub, customer, accessLevel, name, customerName, customerFeatures = [], employeeFeatures = [] } = claims;
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

function isOptionalStringArray(value: unknown): value is string[] | undefined {
  return value === undefined || (Array.isArray(value) && value.every((item) => typeof item === 'string'));
}

function toKey(secret: AuthSecret): Uint8Array {
  return typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
}
