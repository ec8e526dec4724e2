import { ApiProblem } from '@lib/http';
import { ifMatchHolds, parseIfMatch } from './etag';

describe('parseIfMatch', () => {
  it('is undefined without the header', () => {
    expect(parseIfMatch(undefined)).toBeUndefined();
  });

  it.each<[string, ReturnType<typeof parseIfMatch>]>([
    ['"3"', [3]],
    [' "3" ', [3]],
    ['W/"3"', [3]],
    ['"1", "2",W/"5"', [1, 2, 5]],
    ['*', '*'],
    // Well-formed tags that name no revision of a case match none: a stale precondition, not a malformed one.
    ['"abc"', []],
    ['""', []],
    ['"-1"', []],
    ['"1", "x,y"', [1]],
  ])('reads %s', (header, expected) => {
    expect(parseIfMatch(header)).toEqual(expected);
  });

  it.each(['abc', '3', '"3', '3"', '', '**', '"1" "2"', 'W/', 'w/"3"', '"3";', '"a"b"'])(
    'refuses the malformed %j with 400 invalid_header naming If-Match',
    (header) => {
      let thrown: unknown;
      try {
        parseIfMatch(header);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ApiProblem);
      expect(thrown).toMatchObject({ status: 400, code: 'invalid_header', errors: [{ path: 'If-Match' }] });
    },
  );
});

describe('ifMatchHolds', () => {
  it('holds when a tag names the current revision', () => {
    expect(ifMatchHolds([1, 4], 4)).toBe(true);
    expect(ifMatchHolds([1, 3], 4)).toBe(false);
    expect(ifMatchHolds([], 0)).toBe(false);
  });

  it('holds for * on any case that exists, and on none that does not (RFC 9110 §13.1.1)', () => {
    expect(ifMatchHolds('*', 7)).toBe(true);
    expect(ifMatchHolds('*', 'no_stream')).toBe(false);
    expect(ifMatchHolds([0], 'no_stream')).toBe(false);
  });
});
