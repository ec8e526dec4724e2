import { type JWTPayload, SignJWT, generateKeyPair } from 'jose';
import type { Principal } from './principal';
import { InvalidTokenError, issueToken, verifyToken } from './token';

const SECRET = 'the-service-secret-of-enough-length';
const EMPLOYEE = '1234567890abcdef12345678';
const CUSTOMER = 'abcdefabcdefabcdefabcdef';

const principal: Principal = {
  employee: EMPLOYEE,
  customer: CUSTOMER,
  accessLevel: 'RESELLER',
  name: 'Ann Example',
  customerName: 'Example Ltd',
  customerFeatures: ['IPTVBUSINESS'],
  employeeFeatures: ['PLAYMAKERSTATUS'],
};

const validClaims: JWTPayload = {
  sub: EMPLOYEE,
  customer: CUSTOMER,
  accessLevel: 'ADMIN',
  customerFeatures: [],
  employeeFeatures: [],
};

const nowInSeconds = () => Math.floor(Date.now() / 1000);
const encodeSegment = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

function sign(claims: JWTPayload, { secret = SECRET, alg = 'HS256', expiresIn = '1h' } = {}): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg })
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}

async function expectInvalid(token: string, message = 'token invalid'): Promise<void> {
  const verification = verifyToken(SECRET, token);
  await expect(verification).rejects.toBeInstanceOf(InvalidTokenError);
  await expect(verification).rejects.toThrow(message);
}

describe('issueToken and verifyToken', () => {
  it('verify returns the principal an issued token carries', async () => {
    const token = await issueToken(SECRET, principal, { expiresIn: '15m' });

    await expect(verifyToken(SECRET, token)).resolves.toEqual(principal);
  });

  it('accept the secret as bytes as well as text', async () => {
    const token = await issueToken(new TextEncoder().encode(SECRET), principal, { expiresIn: '15m' });

    await expect(verifyToken(SECRET, token)).resolves.toEqual(principal);
  });
});

describe('verifyToken', () => {
  it('lower-cases the ids and treats absent optional claims as empty', async () => {
    const token = await sign({ sub: EMPLOYEE.toUpperCase(), customer: CUSTOMER.toUpperCase(), accessLevel: 'VIEWER' });

    await expect(verifyToken(SECRET, token)).resolves.toEqual({
      employee: EMPLOYEE,
      customer: CUSTOMER,
      accessLevel: 'VIEWER',
      customerFeatures: [],
      employeeFeatures: [],
    });
  });

  it('rejects an unsigned token (alg none)', async () => {
    const exp = nowInSeconds() + 3600;
    await expectInvalid(`${encodeSegment({ alg: 'none', typ: 'JWT' })}.${encodeSegment({ ...validClaims, exp })}.`);
  });

  it('rejects a token signed with another secret', async () => {
    await expectInvalid(await sign(validClaims, { secret: 'some-other-secret-of-enough-length' }));
  });

  it('rejects HMAC algorithms other than HS256, even with the right secret', async () => {
    await expectInvalid(await sign(validClaims, { alg: 'HS512' }));
  });

  it('rejects an RS256 token', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT(validClaims)
      .setProtectedHeader({ alg: 'RS256' })
      .setExpirationTime('1h')
      .sign(privateKey);

    await expectInvalid(token);
  });

  it('rejects a token whose payload was changed after signing', async () => {
    const [header, , signature] = (await sign({ ...validClaims, accessLevel: 'VIEWER' })).split('.');
    const forgedPayload = encodeSegment({ ...validClaims, accessLevel: 'ADMIN', exp: nowInSeconds() + 3600 });

    await expectInvalid(`${header}.${forgedPayload}.${signature}`);
  });

  it('rejects an expired token', async () => {
    await expectInvalid(await sign(validClaims, { expiresIn: '-1h' }), 'token expired');
  });

  it('rejects a token that is not valid yet', async () => {
    const token = await new SignJWT(validClaims)
      .setProtectedHeader({ alg: 'HS256' })
      .setNotBefore('1h')
      .setExpirationTime('2h')
      .sign(new TextEncoder().encode(SECRET));

    await expectInvalid(token);
  });

  it('rejects a token without an expiry', async () => {
    const token = await new SignJWT(validClaims)
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(SECRET));

    await expectInvalid(token);
  });

  it.each<[string, JWTPayload]>([
    ['no subject', { sub: undefined }],
    ['a subject that is not an id', { sub: 'employee-1' }],
    ['a customer that is a number', { customer: 1234567890 }],
    ['a customer id of the wrong length', { customer: 'abcdef' }],
    ['an unknown access level', { accessLevel: 'ROOT' }],
    ['a lower-case access level', { accessLevel: 'admin' }],
    ['customer features as a string', { customerFeatures: 'IPTVBUSINESS' }],
    ['employee features holding a number', { employeeFeatures: ['PLAYMAKERSTATUS', 7] }],
    ['a name that is not text', { name: { first: 'Ann' } }],
    ['a customer name that is not text', { customerName: 42 }],
  ])('rejects a signed token with %s', async (_case, override) => {
    await expectInvalid(await sign({ ...validClaims, ...override }), 'token claims malformed');
  });

  it.each(['', 'garbage', 'a.b.c', 'eyJhbGciOiJIUzI1NiJ9..'])('rejects the malformed token %p', async (token) => {
    await expectInvalid(token);
  });

  it('says nothing about the secret or the token when it rejects', async () => {
    const token = await sign(validClaims, { secret: 'some-other-secret-of-enough-length' });

    const rejection = await verifyToken(SECRET, token).catch((error: unknown) => error);

    expect(rejection).toBeInstanceOf(InvalidTokenError);
    expect((rejection as InvalidTokenError).message).not.toContain(SECRET);
    expect((rejection as InvalidTokenError).message).not.toContain(token);
  });
});
