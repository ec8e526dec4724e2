import { createHmac } from 'node:crypto';
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

const MALFORMED = /^token malformed: not a JWT/;
const SIGNED_WITH_ANOTHER_SECRET = /^token signature does not match.*another secret.*AUTH_SECRET.*DATA_DIR/;
const NOT_HS256 = /^token not signed with HS256/;

async function expectInvalid(token: string, message: RegExp | string): Promise<void> {
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
    await expectInvalid(
      `${encodeSegment({ alg: 'none', typ: 'JWT' })}.${encodeSegment({ ...validClaims, exp })}.`,
      NOT_HS256,
    );
  });

  it('rejects a token signed with another secret, hinting at the settings that choose the secret', async () => {
    await expectInvalid(
      await sign(validClaims, { secret: 'some-other-secret-of-enough-length' }),
      SIGNED_WITH_ANOTHER_SECRET,
    );
  });

  it('rejects HMAC algorithms other than HS256, even with the right secret', async () => {
    await expectInvalid(await sign(validClaims, { alg: 'HS512' }), NOT_HS256);
  });

  it('rejects an RS256 token', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT(validClaims)
      .setProtectedHeader({ alg: 'RS256' })
      .setExpirationTime('1h')
      .sign(privateKey);

    await expectInvalid(token, NOT_HS256);
  });

  it('rejects a token whose payload was changed after signing', async () => {
    const [header, , signature] = (await sign({ ...validClaims, accessLevel: 'VIEWER' })).split('.');
    const forgedPayload = encodeSegment({ ...validClaims, accessLevel: 'ADMIN', exp: nowInSeconds() + 3600 });

    await expectInvalid(`${header}.${forgedPayload}.${signature}`, SIGNED_WITH_ANOTHER_SECRET);
  });

  it('rejects an expired token', async () => {
    await expectInvalid(await sign(validClaims, { expiresIn: '-1h' }), /^token expired/);
  });

  it('rejects a token that is not valid yet', async () => {
    const token = await new SignJWT(validClaims)
      .setProtectedHeader({ alg: 'HS256' })
      .setNotBefore('1h')
      .setExpirationTime('2h')
      .sign(new TextEncoder().encode(SECRET));

    await expectInvalid(token, 'token not valid yet');
  });

  it('rejects a token without an expiry', async () => {
    const token = await new SignJWT(validClaims)
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(SECRET));

    await expectInvalid(token, 'token claims malformed: "exp" missing');
  });

  it('rejects a token whose expiry is not a number', async () => {
    const claims = { ...validClaims, exp: 'tomorrow' } as unknown as JWTPayload;
    const token = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(SECRET));

    await expectInvalid(token, 'token claims malformed: "exp" must be a number');
  });

  it.each<[string, JWTPayload, string]>([
    ['no subject', { sub: undefined }, 'sub'],
    ['a subject that is not an id', { sub: 'employee-1' }, 'sub'],
    ['a customer that is a number', { customer: 1234567890 }, 'customer'],
    ['a customer id of the wrong length', { customer: 'abcdef' }, 'customer'],
    ['an unknown access level', { accessLevel: 'ROOT' }, 'accessLevel'],
    ['a lower-case access level', { accessLevel: 'admin' }, 'accessLevel'],
    ['customer features as a string', { customerFeatures: 'IPTVBUSINESS' }, 'customerFeatures'],
    ['employee features holding a number', { employeeFeatures: ['PLAYMAKERSTATUS', 7] }, 'employeeFeatures'],
    ['a name that is not text', { name: { first: 'Ann' } }, 'name'],
    ['a customer name that is not text', { customerName: 42 }, 'customerName'],
  ])('rejects a signed token with %s, naming the claim', async (_case, override, claim) => {
    await expectInvalid(await sign({ ...validClaims, ...override }), `token claims malformed: "${claim}" must be`);
  });

  it.each(['', 'garbage', 'a.b.c', 'x.y', 'a.b.c.d'])('rejects the malformed token %p', async (token) => {
    await expectInvalid(token, MALFORMED);
  });

  it('rejects a signed token whose payload is not a JSON object as malformed', async () => {
    const header = encodeSegment({ alg: 'HS256' });
    const payload = Buffer.from('not json').toString('base64url');
    const signature = createHmac('sha256', SECRET).update(`${header}.${payload}`).digest('base64url');

    await expectInvalid(`${header}.${payload}.${signature}`, /^token malformed: its payload is not a JSON object/);
  });

  it.each<[string, () => Promise<string>]>([
    ['another secret', () => sign(validClaims, { secret: 'some-other-secret-of-enough-length' })],
    ['an expired token', () => sign(validClaims, { expiresIn: '-1h' })],
    ['malformed claims', () => sign({ ...validClaims, customer: 'not-an-id' })],
  ])('says nothing about the secret or the token when it rejects %s', async (_case, makeToken) => {
    const token = await makeToken();

    const rejection = await verifyToken(SECRET, token).catch((error: unknown) => error);

    expect(rejection).toBeInstanceOf(InvalidTokenError);
    const { message } = rejection as InvalidTokenError;
    for (const part of [SECRET, token, ...token.split('.'), 'not-an-id']) expect(message).not.toContain(part);
  });
});
