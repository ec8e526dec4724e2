import { extractToken } from './extract-token';

describe('extractToken', () => {
  it('prefers the query parameter over the Authorization header and the cookie', () => {
    const request = { query: { token: 'q' }, headers: { authorization: 'Bearer h', cookie: 'token=c' } };

    expect(extractToken(request)).toBe('q');
  });

  it('prefers the Authorization header over the cookie', () => {
    const request = { query: {}, headers: { authorization: 'Bearer h', cookie: 'token=c' } };

    expect(extractToken(request)).toBe('h');
  });

  it('falls back to the token cookie among others', () => {
    const request = { query: {}, headers: { cookie: 'theme=dark; token=c; lang=en' } };

    expect(extractToken(request)).toBe('c');
  });

  it('accepts the Bearer scheme in any case', () => {
    expect(extractToken({ headers: { authorization: 'bearer h' } })).toBe('h');
  });

  it('ignores an Authorization header of another scheme', () => {
    const request = { headers: { authorization: 'Basic dXNlcjpwYXNz', cookie: 'token=c' } };

    expect(extractToken(request)).toBe('c');
  });

  it('ignores an empty query parameter', () => {
    const request = { query: { token: '' }, headers: { authorization: 'Bearer h' } };

    expect(extractToken(request)).toBe('h');
  });

  it('ignores a repeated query parameter rather than guessing which one is meant', () => {
    const request = { query: { token: ['a', 'b'] }, headers: { authorization: 'Bearer h' } };

    expect(extractToken(request)).toBe('h');
  });

  it('finds nothing when no place carries a token', () => {
    expect(extractToken({ query: {}, headers: { cookie: 'theme=dark' } })).toBeUndefined();
  });
});
