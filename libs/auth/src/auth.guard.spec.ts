import { Controller, Get } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { Access } from './access.decorator';
import { AuthModule } from './auth.module';
import { CurrentPrincipal } from './current-principal.decorator';
import type { AccessLevel, Principal } from './principal';
import { issueToken } from './token';

const SECRET = 'guard-spec-secret-of-enough-length';

@Controller()
class ProbeController {
  @Get('public')
  open() {
    return { open: true };
  }

  @Get('admin')
  @Access('ADMIN')
  admin(@CurrentPrincipal() principal: Principal) {
    return principal;
  }

  @Get('resellers')
  @Access('RESELLER', 'ADMIN')
  resellers() {
    return { ok: true };
  }

  @Get('cases')
  @Access({ levels: ['RESELLER', 'ADMIN'], resellerNeedsFeatures: true })
  cases() {
    return { ok: true };
  }
}

@Controller('owners')
@Access('OWNER')
class OwnersController {
  @Get()
  list() {
    return { ok: true };
  }

  @Get('admin')
  @Access('ADMIN')
  adminOnly() {
    return { ok: true };
  }
}

const ADMIN: Principal = {
  employee: '1234567890abcdef12345678',
  customer: 'abcdefabcdefabcdefabcdef',
  accessLevel: 'ADMIN',
  customerFeatures: [],
  employeeFeatures: [],
};

function tokenFor(
  accessLevel: AccessLevel,
  features: Partial<Pick<Principal, 'customerFeatures' | 'employeeFeatures'>> = {},
) {
  const principal: Principal = {
    employee: '1234567890abcdef12345678',
    customer: 'abcdefabcdefabcdefabcdef',
    accessLevel,
    customerFeatures: features.customerFeatures ?? [],
    employeeFeatures: features.employeeFeatures ?? [],
  };
  return issueToken(SECRET, principal, { expiresIn: '5m' });
}

describe('AuthGuard', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [AuthModule.forRoot({ secret: SECRET })],
      controllers: [ProbeController, OwnersController],
    }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(() => app.close());

  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });
  const getWithToken = async (url: string, token: Promise<string>) => get(`${url}?token=${await token}`);

  describe('authentication', () => {
    it('lets a request without a token through to a route without @Access', async () => {
      const response = await get('/public');

      expect(response.statusCode).toBe(200);
    });

    it('answers 401 invalid_token naming the places a token is read from when a protected route gets none', async () => {
      const response = await get('/admin');

      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({
        error: 'invalid_token',
        detail: expect.stringMatching(/^no token: pass \?token=/),
      });
    });

    it('answers 401 invalid_token saying the token is not a JWT, without echoing it', async () => {
      const response = await get('/admin?token=not-a-real-token');

      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({
        error: 'invalid_token',
        detail: expect.stringMatching(/^token malformed: not a JWT/),
      });
      expect(response.body).not.toContain('not-a-real-token');
    });

    it('answers 401 for a token signed with another secret, naming AUTH_SECRET and DATA_DIR, echoing neither secret nor token', async () => {
      const foreignSecret = 'another-secret-of-enough-length';
      const foreign = await issueToken(foreignSecret, ADMIN, { expiresIn: '5m' });

      const response = await get(`/admin?token=${foreign}`);

      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({
        error: 'invalid_token',
        detail: expect.stringMatching(/^token signature does not match.*another secret.*AUTH_SECRET.*DATA_DIR/),
      });
      for (const secretOrToken of [SECRET, foreignSecret, ...foreign.split('.')])
        expect(response.body).not.toContain(secretOrToken);
    });

    it('answers 401 saying the token expired', async () => {
      const expired = await issueToken(SECRET, ADMIN, { expiresIn: '-1m' });

      const response = await get(`/admin?token=${expired}`);

      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ error: 'invalid_token', detail: 'token expired' });
    });

    it('answers 401 naming the malformed claim of a well-signed token', async () => {
      const malformed = await issueToken(SECRET, { ...ADMIN, customer: 'not-an-id' }, { expiresIn: '5m' });

      const response = await get(`/admin?token=${malformed}`);

      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({
        error: 'invalid_token',
        detail: expect.stringMatching(/^token claims malformed: "customer" must be/),
      });
      expect(response.body).not.toContain('not-an-id');
    });

    it('reads the token from the Authorization header and from the cookie', async () => {
      const token = await tokenFor('ADMIN');

      expect((await get('/admin', { authorization: `Bearer ${token}` })).statusCode).toBe(200);
      expect((await get('/admin', { cookie: `token=${token}` })).statusCode).toBe(200);
    });

    it('hands the verified principal to @CurrentPrincipal()', async () => {
      const response = await getWithToken('/admin', tokenFor('ADMIN'));

      expect(response.json()).toEqual({
        employee: '1234567890abcdef12345678',
        customer: 'abcdefabcdefabcdefabcdef',
        accessLevel: 'ADMIN',
        customerFeatures: [],
        employeeFeatures: [],
      });
    });
  });

  describe('access levels', () => {
    it.each<AccessLevel>(['VIEWER', 'MANAGER', 'OWNER', 'RESELLER', 'RESELLER_ADMIN'])(
      'refuses %s on an ADMIN route with 403',
      async (level) => {
        const response = await getWithToken('/admin', tokenFor(level));

        expect(response.statusCode).toBe(403);
        expect(response.json()).toMatchObject({ error: 'access_denied' });
      },
    );

    it.each<AccessLevel>(['RESELLER', 'ADMIN'])('admits %s on a RESELLER or ADMIN route', async (level) => {
      expect((await getWithToken('/resellers', tokenFor(level))).statusCode).toBe(200);
    });

    it('applies a controller-wide @Access to its routes', async () => {
      expect((await getWithToken('/owners', tokenFor('OWNER'))).statusCode).toBe(200);
      expect((await getWithToken('/owners', tokenFor('ADMIN'))).statusCode).toBe(403);
    });

    it("lets a route's own @Access replace the controller's", async () => {
      expect((await getWithToken('/owners/admin', tokenFor('ADMIN'))).statusCode).toBe(200);
      expect((await getWithToken('/owners/admin', tokenFor('OWNER'))).statusCode).toBe(403);
    });
  });

  describe('reseller feature rule', () => {
    it.each([
      ['IPTVBUSINESS', ['IPTVBUSINESS']],
      ['IPTVPRIVATE', ['IPTVPRIVATE']],
    ])('admits a RESELLER whose customer has %s and who has PLAYMAKERSTATUS', async (_feature, customerFeatures) => {
      const token = tokenFor('RESELLER', { customerFeatures, employeeFeatures: ['PLAYMAKERSTATUS'] });

      expect((await getWithToken('/cases', token)).statusCode).toBe(200);
    });

    it.each([
      ['no features at all', {}],
      ['only the customer feature', { customerFeatures: ['IPTVBUSINESS'] }],
      ['only the employee feature', { employeeFeatures: ['PLAYMAKERSTATUS'] }],
      ['an unrelated customer feature', { customerFeatures: ['IPTVHOTEL'], employeeFeatures: ['PLAYMAKERSTATUS'] }],
    ])('refuses a RESELLER with %s', async (_case, features) => {
      const response = await getWithToken('/cases', tokenFor('RESELLER', features));

      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ error: 'access_denied' });
    });

    it('admits an ADMIN without any features', async () => {
      expect((await getWithToken('/cases', tokenFor('ADMIN'))).statusCode).toBe(200);
    });

    it('still refuses levels the route does not list', async () => {
      const token = tokenFor('MANAGER', { customerFeatures: ['IPTVBUSINESS'], employeeFeatures: ['PLAYMAKERSTATUS'] });

      expect((await getWithToken('/cases', token)).statusCode).toBe(403);
    });

    it('does not ask a RESELLER for features on a route without the rule', async () => {
      expect((await getWithToken('/resellers', tokenFor('RESELLER'))).statusCode).toBe(200);
    });
  });
});
