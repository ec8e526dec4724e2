import { newObjectId } from './object-id';

describe('newObjectId', () => {
  it('gives 24 lower-case hex characters, never the same twice, also across refills of its random bytes', () => {
    const ids = Array.from({ length: 2_000 }, () => newObjectId());

    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{24}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
