import type { Principal } from './principal';
import { InvalidTokenError, issueToken, verifyTokenUntil } from './token';
import { VerifiedTokens } from './verified-tokens';

const SECRET = 'the-service-secret-of-enough-length';

const caller: Principal = {
  employee: '1234567890abcdef12345678',
  customer: 'abcdefabcdefabcdefabcdef',
  accessLevel: 'ADMIN',
  customerFeatures: [],
  employeeFeatures: ['PLAYMAKERSTATUS'],
};

describe('VerifiedTokens', () => {
  /** The real verification, counted. */
  const verify = jest.fn(verifyTokenUntil);
  let now = Date.now();

  beforeEach(() => {
    verify.mockClear();
    now = Date.now();
  });

  const tokens = () => new VerifiedTokens(SECRET, { verify, now: () => now });

  it('verifies a token once, and answers its next requests with the same principal', async () => {
    const remembered = tokens();
    const token = await issueToken(SECRET, caller, { expiresIn: '10m' });

    const first = await remembered.principalOf(token);
    const second = await remembered.principalOf(token);

    expect(first).toEqual(caller);
    expect(second).toBe(first);
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it('shares the principal frozen, so no request can change what the next one sees', async () => {
    const principal = await tokens().principalOf(await issueToken(SECRET, caller, { expiresIn: '10m' }));

    expect(Object.isFrozen(principal)).toBe(true);
    expect(Object.isFrozen(principal.employeeFeatures)).toBe(true);
  });

  it('verifies a remembered token again once its exp has passed, and answers what that says', async () => {
    const remembered = tokens();
    const token = await issueToken(SECRET, caller, { expiresIn: '10m' });
    await remembered.principalOf(token);

    now += 10 * 60 * 1000;
    // Verified ten minutes later, jose's own clock check refuses it.
    verify.mockRejectedValueOnce(new InvalidTokenError('token expired'));

    await expect(remembered.principalOf(token)).rejects.toThrow('token expired');
    expect(verify).toHaveBeenCalledTimes(2);
  });

  it('remembers no refused token: each of its requests is verified, and refused', async () => {
    const remembered = tokens();
    const forged = await issueToken('another-secret-of-enough-length!!', caller, { expiresIn: '10m' });

    await expect(remembered.principalOf(forged)).rejects.toBeInstanceOf(InvalidTokenError);
    await expect(remembered.principalOf(forged)).rejects.toBeInstanceOf(InvalidTokenError);
    expect(verify).toHaveBeenCalledTimes(2);
  });

  it('tells tokens apart: each gets its own principal', async () => {
    const remembered = tokens();
    const other = { ...caller, employee: 'fedcba9876543210fedcba98', accessLevel: 'VIEWER' as const };

    const first = await remembered.principalOf(await issueToken(SECRET, caller, { expiresIn: '10m' }));
    const second = await remembered.principalOf(await issueToken(SECRET, other, { expiresIn: '10m' }));

    expect([first.employee, second.employee]).toEqual([caller.employee, other.employee]);
  });
});
