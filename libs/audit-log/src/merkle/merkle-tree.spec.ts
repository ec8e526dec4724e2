import fc from 'fast-check';
import { createHash, randomBytes } from 'node:crypto';
import {
  EMPTY_TREE_ROOT,
  MerkleTree,
  TreeLevels,
  consistencyHolds,
  hashLeaf,
  leafHashOf,
  rootFromInclusionPath,
  verifyConsistency,
  verifyInclusion,
} from './merkle-tree';

/*
 * A reference implementation straight from RFC 9162 §2.1: slow, recursive over copied lists,
 * with its own hashing, so the tree under test is checked against the definitions and not
 * against itself.
 */
function sha256(...parts: Uint8Array[]): Buffer {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/** k: the largest power of two smaller than n. */
function splitOf(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH(D[n]) over leaf inputs. */
function mth(d: readonly Uint8Array[]): Buffer {
  if (d.length === 0) return sha256();
  if (d.length === 1) return sha256(Buffer.of(0x00), d[0]);
  const k = splitOf(d.length);
  return sha256(Buffer.of(0x01), mth(d.slice(0, k)), mth(d.slice(k)));
}

/** PATH(m, D[n]). */
function referencePath(m: number, d: readonly Uint8Array[]): Buffer[] {
  if (d.length === 1) return [];
  const k = splitOf(d.length);
  if (m < k) return [...referencePath(m, d.slice(0, k)), mth(d.slice(k))];
  return [...referencePath(m - k, d.slice(k)), mth(d.slice(0, k))];
}

/** PROOF(m, D[n]) = SUBPROOF(m, D[n], true). */
function referenceProof(m: number, d: readonly Uint8Array[]): Buffer[] {
  return referenceSubproof(m, d, true);
}

function referenceSubproof(m: number, d: readonly Uint8Array[], b: boolean): Buffer[] {
  if (m === d.length) return b ? [] : [mth(d)];
  const k = splitOf(d.length);
  if (m <= k) return [...referenceSubproof(m, d.slice(0, k), b), mth(d.slice(k))];
  return [...referenceSubproof(m - k, d.slice(k), false), mth(d.slice(0, k))];
}

const hex = (hashes: readonly Buffer[]): string[] => hashes.map((hash) => hash.toString('hex'));

function randomEventHashes(count: number): string[] {
  return Array.from({ length: count }, () => randomBytes(32).toString('hex'));
}

const bytesOf = (eventHashes: readonly string[]): Buffer[] => eventHashes.map((hash) => Buffer.from(hash, 'hex'));

/** The hash with one bit of its digit at `position` flipped. */
function flipped(hash: string, position = 0): string {
  const digit = (parseInt(hash[position], 16) ^ 1).toString(16);
  return hash.slice(0, position) + digit + hash.slice(position + 1);
}

const SOME_HASH = 'abacaba000000000000000000000000000000000000000000060061e00123456';

describe('EMPTY_TREE_ROOT and leafHashOf', () => {
  it('the empty tree hashes to SHA-256 of no bytes', () => {
    expect(EMPTY_TREE_ROOT).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(MerkleTree.of([]).rootHash()).toBe(EMPTY_TREE_ROOT);
    expect(MerkleTree.of([]).size).toBe(0);
  });

  it('hashes a leaf as SHA-256 of 0x00 and the 32 bytes of the event hash', () => {
    const eventHash = randomEventHashes(1)[0];

    expect(leafHashOf(eventHash)).toEqual(sha256(Buffer.of(0), Buffer.from(eventHash, 'hex')));
    expect(leafHashOf('00'.repeat(32)).toString('hex')).toBe(
      createHash('sha256').update(Buffer.alloc(33)).digest('hex'),
    );
  });

  it('a tree of one leaf has the leaf hash as its root', () => {
    const [eventHash] = randomEventHashes(1);

    expect(MerkleTree.of([eventHash]).rootHash()).toBe(leafHashOf(eventHash).toString('hex'));
  });

  it.each([
    ['upper-case digits', 'A'.repeat(64)],
    ['63 digits', 'a'.repeat(63)],
    ['65 digits', 'a'.repeat(65)],
    ['a non-hex digit', `${'a'.repeat(63)}g`],
    ['surrounding space', ` ${'a'.repeat(64)}`],
    ['an empty string', ''],
  ])('refuses an event hash with %s, naming it', (_case, eventHash) => {
    expect(() => leafHashOf(eventHash)).toThrow(TypeError);
    expect(() => leafHashOf(eventHash)).toThrow(JSON.stringify(eventHash.slice(0, 72)).slice(0, -1));
    expect(() => MerkleTree.of([eventHash])).toThrow(TypeError);
  });

  it('refuses what is no string', () => {
    expect(() => leafHashOf(42 as unknown as string)).toThrow('not 42');
    expect(() => leafHashOf(undefined as unknown as string)).toThrow('not undefined');
  });
});

describe('MerkleTree against the RFC 9162 definitions', () => {
  const SMALL = 70;
  const eventHashes = randomEventHashes(SMALL);
  const leaves = bytesOf(eventHashes);
  const tree = MerkleTree.of(eventHashes);
  const sizes = Array.from({ length: SMALL + 1 }, (_, size) => size);

  it('gives MTH for every size up to 70, of the whole tree and of its prefixes', () => {
    for (const size of sizes) {
      const expected = mth(leaves.slice(0, size)).toString('hex');
      expect(MerkleTree.of(eventHashes.slice(0, size)).rootHash()).toBe(expected);
      expect(tree.rootHash(size)).toBe(expected);
    }
    expect(tree.rootHash()).toBe(tree.rootHash(SMALL));
  });

  it('grows one leaf at a time to the same roots', () => {
    const growing = MerkleTree.of([]);
    for (const [index, eventHash] of eventHashes.entries()) {
      growing.append(eventHash);
      expect(growing.size).toBe(index + 1);
      expect(growing.rootHash()).toBe(tree.rootHash(index + 1));
    }
  });

  it('gives PATH for every leaf of every size up to 70, and each verifies', () => {
    for (const size of sizes.slice(1)) {
      const rootHash = tree.rootHash(size);
      for (let leafIndex = 0; leafIndex < size; leafIndex++) {
        const auditPath = tree.inclusionProof(leafIndex, size);
        expect(auditPath).toEqual(hex(referencePath(leafIndex, leaves.slice(0, size))));
        expect(
          verifyInclusion({ eventHash: eventHashes[leafIndex], leafIndex, treeSize: size, auditPath, rootHash }),
        ).toBe(true);
      }
    }
  });

  it('gives PROOF for every pair of sizes up to 70, and each verifies', () => {
    for (const second of sizes.slice(1)) {
      for (let first = 1; first <= second; first++) {
        const proof = tree.consistencyProof(first, second);
        expect(proof).toEqual(hex(referenceProof(first, leaves.slice(0, second))));
        const roots = { firstRoot: tree.rootHash(first), secondRoot: tree.rootHash(second) };
        expect(verifyConsistency({ first, second, ...roots, proof })).toBe(true);
      }
    }
  });

  it('defaults to the whole tree', () => {
    expect(tree.inclusionProof(3)).toEqual(tree.inclusionProof(3, SMALL));
    expect(tree.consistencyProof(5)).toEqual(tree.consistencyProof(5, SMALL));
    expect(tree.consistencyProof(SMALL)).toEqual([]);
  });

  describe('for larger random sizes', () => {
    const LARGE = 2500;
    const largeHashes = randomEventHashes(LARGE);
    const largeLeaves = bytesOf(largeHashes);
    const largeTree = MerkleTree.of(largeHashes);

    it('gives MTH and PATH, and the path verifies', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: SMALL + 1, max: LARGE }).chain((size) => fc.tuple(fc.constant(size), fc.nat(size - 1))),
          ([size, leafIndex]) => {
            const prefix = largeLeaves.slice(0, size);
            const rootHash = mth(prefix).toString('hex');
            const auditPath = largeTree.inclusionProof(leafIndex, size);
            expect(largeTree.rootHash(size)).toBe(rootHash);
            expect(auditPath).toEqual(hex(referencePath(leafIndex, prefix)));
            const proof = { eventHash: largeHashes[leafIndex], leafIndex, treeSize: size, auditPath, rootHash };
            expect(verifyInclusion(proof)).toBe(true);
          },
        ),
        { numRuns: 60 },
      );
    });

    it('gives PROOF, and the proof verifies', () => {
      fc.assert(
        fc.property(
          fc
            .integer({ min: SMALL + 1, max: LARGE })
            .chain((second) => fc.tuple(fc.integer({ min: 1, max: second }), fc.constant(second))),
          ([first, second]) => {
            const proof = largeTree.consistencyProof(first, second);
            expect(proof).toEqual(hex(referenceProof(first, largeLeaves.slice(0, second))));
            const roots = { firstRoot: largeTree.rootHash(first), secondRoot: largeTree.rootHash(second) };
            expect(verifyConsistency({ first, second, ...roots, proof })).toBe(true);
          },
        ),
        { numRuns: 60 },
      );
    });

    it('refuses a proof with any one bit flipped', () => {
      fc.assert(
        fc.property(
          fc
            .integer({ min: 2, max: LARGE })
            .chain((second) =>
              fc.record({ first: fc.integer({ min: 1, max: second - 1 }), second: fc.constant(second), bit: fc.nat() }),
            ),
          ({ first, second, bit }) => {
            const roots = { firstRoot: largeTree.rootHash(first), secondRoot: largeTree.rootHash(second) };
            const proof = largeTree.consistencyProof(first, second);
            const auditPath = largeTree.inclusionProof(first, second);
            const at = (list: string[]) => bit % (list.length * 256);
            const flippedIn = (list: string[]) => {
              const index = Math.floor(at(list) / 256);
              const bitInHash = at(list) % 256;
              const bytes = Buffer.from(list[index], 'hex');
              bytes[bitInHash >> 3] ^= 1 << (bitInHash & 7);
              return list.map((hash, i) => (i === index ? bytes.toString('hex') : hash));
            };
            expect(verifyConsistency({ first, second, ...roots, proof: flippedIn(proof) })).toBe(false);
            const inclusion = {
              eventHash: largeHashes[first],
              leafIndex: first,
              treeSize: second,
              rootHash: roots.secondRoot,
            };
            expect(verifyInclusion({ ...inclusion, auditPath })).toBe(true);
            expect(verifyInclusion({ ...inclusion, auditPath: flippedIn(auditPath) })).toBe(false);
          },
        ),
        { numRuns: 100 },
      );
    });
  });

  it('scales to a hundred thousand leaves', () => {
    const count = 100_003;
    const manyHashes = randomEventHashes(count);
    const many = MerkleTree.of(manyHashes);

    expect(many.rootHash()).toBe(mth(bytesOf(manyHashes)).toString('hex'));
    for (const leafIndex of [0, 65_535, 65_536, 99_999, count - 1]) {
      const auditPath = many.inclusionProof(leafIndex);
      const proof = {
        eventHash: manyHashes[leafIndex],
        leafIndex,
        treeSize: count,
        auditPath,
        rootHash: many.rootHash(),
      };
      expect(verifyInclusion(proof)).toBe(true);
    }
    const consistency = { first: 77_777, second: count, proof: many.consistencyProof(77_777) };
    expect(verifyConsistency({ ...consistency, firstRoot: many.rootHash(77_777), secondRoot: many.rootHash() })).toBe(
      true,
    );
  });
});

describe('published RFC 6962 / RFC 9162 test vectors', () => {
  // The Certificate Transparency reference vectors (transparency-dev/merkle testonly and proof
  // tests): leaves of arbitrary data, so checked below the event-hash API.
  const leafInputs = [
    '',
    '00',
    '10',
    '2021',
    '3031',
    '40414243',
    '5051525354555657',
    '606162636465666768696a6b6c6d6e6f',
  ];
  const roots = [
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
    '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
    'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
    '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
  ];
  const inclusionProofs: [leafIndex: number, treeSize: number, path: string[]][] = [
    [
      0,
      8,
      [
        '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
        '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
        '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
      ],
    ],
    [
      5,
      8,
      [
        'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
        'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
        'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
      ],
    ],
    [2, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
    [
      1,
      5,
      [
        '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
        '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
        'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      ],
    ],
    [0, 1, []],
  ];
  const consistencyProofs: [first: number, second: number, proof: string[]][] = [
    [1, 1, []],
    [
      1,
      8,
      [
        '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
        '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
        '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
      ],
    ],
    [
      6,
      8,
      [
        '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
        'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
        'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
      ],
    ],
    [
      2,
      5,
      [
        '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
        'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      ],
    ],
    [
      6,
      7,
      [
        '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
        'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
        'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
      ],
    ],
  ];
  const leafHashes = leafInputs.map((input) => hashLeaf(Buffer.from(input, 'hex')));
  const levels = new TreeLevels();
  for (const leafHash of leafHashes) levels.appendLeafHash(leafHash);
  const rootOf = (size: number) => Buffer.from(roots[size], 'hex');
  const buffers = (hashes: string[]) => hashes.map((hash) => Buffer.from(hash, 'hex'));

  it('gives the published root of every size from 0 to 8', () => {
    expect(roots.map((_, size) => levels.rangeHash(0, size).toString('hex'))).toEqual(roots);
    expect(roots.map((_, size) => mth(leafInputs.slice(0, size).map((input) => Buffer.from(input, 'hex'))))).toEqual(
      buffers(roots),
    );
  });

  it.each(inclusionProofs)('gives and verifies the published audit path of leaf %d in %d', (leafIndex, size, path) => {
    expect(hex(levels.inclusionPath(leafIndex, size))).toEqual(path);
    expect(rootFromInclusionPath(leafHashes[leafIndex], leafIndex, size, buffers(path))).toEqual(rootOf(size));
  });

  it.each(consistencyProofs)('gives and verifies the published proof from %d to %d', (first, second, proof) => {
    expect(hex(levels.consistencyProof(first, second))).toEqual(proof);
    expect(consistencyHolds(first, second, rootOf(first), rootOf(second), buffers(proof))).toBe(true);
  });
});

describe('verification refuses any change', () => {
  const SIZE = 40;
  const eventHashes = randomEventHashes(SIZE);
  const tree = MerkleTree.of(eventHashes);
  const sizes = Array.from({ length: SIZE }, (_, index) => index + 1);

  /*
   * A size is changed only together with its root, as a signed head binds them: RFC 9162's
   * verification cannot tell a tree of n leaves from one of n + 1 whose last subtree hash happens
   * to be the one the proof names (leaf 0 of 3 proves as leaf 0 of 4 against the same root).
   */

  /** Every variant of a valid inclusion proof that must not verify. */
  function changedInclusions(leafIndex: number, treeSize: number) {
    const auditPath = tree.inclusionProof(leafIndex, treeSize);
    const valid = {
      eventHash: eventHashes[leafIndex],
      leafIndex,
      treeSize,
      auditPath,
      rootHash: tree.rootHash(treeSize),
    };
    const otherSizes = [treeSize - 1, treeSize + 1, treeSize * 2].filter((size) => size > leafIndex && size <= SIZE);
    const otherIndices = Array.from({ length: treeSize + 1 }, (_, index) => index).filter(
      (index) => index !== leafIndex,
    );
    return [
      ...auditPath.flatMap((hash, at) =>
        [0, 31, 63].map((digit) => ({ ...valid, auditPath: auditPath.with(at, flipped(hash, digit)) })),
      ),
      ...otherIndices.map((index) => ({ ...valid, leafIndex: index })),
      ...otherSizes.map((size) => ({ ...valid, treeSize: size, rootHash: tree.rootHash(size) })),
      { ...valid, treeSize: 0 },
      { ...valid, eventHash: flipped(valid.eventHash) },
      { ...valid, eventHash: eventHashes[(leafIndex + 1) % SIZE] },
      { ...valid, rootHash: flipped(valid.rootHash, 63) },
      { ...valid, rootHash: EMPTY_TREE_ROOT },
      { ...valid, rootHash: SOME_HASH },
      ...(auditPath.length > 0
        ? [
            { ...valid, auditPath: auditPath.slice(0, -1) },
            { ...valid, auditPath: auditPath.slice(1) },
          ]
        : []),
      { ...valid, auditPath: [...auditPath, valid.rootHash] },
      { ...valid, auditPath: [...auditPath, SOME_HASH] },
      { ...valid, auditPath: [SOME_HASH, ...auditPath] },
      { ...valid, auditPath: [valid.rootHash, ...auditPath] },
      { ...valid, auditPath: auditPath.toSpliced(1, 0, SOME_HASH) },
    ];
  }

  /** Every variant of a valid consistency proof, between different sizes, that must not verify. */
  function changedConsistencies(first: number, second: number) {
    const proof = tree.consistencyProof(first, second);
    const valid = { first, second, firstRoot: tree.rootHash(first), secondRoot: tree.rootHash(second), proof };
    const otherFirsts = [first - 1, first + 1, first ^ 2].filter(
      (size) => size >= 1 && size < second && size !== first,
    );
    const otherSeconds = [second - 1, second + 1, second * 2].filter((size) => size > first && size <= SIZE);
    return [
      ...proof.flatMap((hash, at) =>
        [0, 31, 63].map((digit) => ({ ...valid, proof: proof.with(at, flipped(hash, digit)) })),
      ),
      ...otherFirsts.map((size) => ({ ...valid, first: size, firstRoot: tree.rootHash(size) })),
      ...otherSeconds.map((size) => ({ ...valid, second: size, secondRoot: tree.rootHash(size) })),
      { ...valid, firstRoot: flipped(valid.firstRoot, 5) },
      { ...valid, secondRoot: flipped(valid.secondRoot, 5) },
      { ...valid, firstRoot: valid.secondRoot, secondRoot: valid.firstRoot },
      { ...valid, firstRoot: SOME_HASH },
      { ...valid, proof: [] },
      { ...valid, proof: proof.slice(0, -1) },
      { ...valid, proof: proof.slice(1) },
      { ...valid, proof: [...proof, SOME_HASH] },
      { ...valid, proof: [...proof, valid.firstRoot] },
      { ...valid, proof: [...proof, valid.secondRoot] },
      { ...valid, proof: [SOME_HASH, ...proof] },
      { ...valid, proof: [valid.firstRoot, ...proof] },
      { ...valid, proof: [valid.secondRoot, ...proof] },
      { ...valid, proof: [proof[0], ...proof] },
    ];
  }

  it('of an inclusion proof, for every leaf of every size up to 40', () => {
    let checked = 0;
    for (const treeSize of sizes) {
      for (let leafIndex = 0; leafIndex < treeSize; leafIndex++) {
        for (const changed of changedInclusions(leafIndex, treeSize)) {
          if (verifyInclusion(changed)) throw new Error(`verified: ${JSON.stringify(changed)}`);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(20_000);
  });

  it('of a consistency proof, for every pair of different sizes up to 40', () => {
    let checked = 0;
    for (const second of sizes) {
      for (let first = 1; first < second; first++) {
        for (const changed of changedConsistencies(first, second)) {
          if (verifyConsistency(changed)) throw new Error(`verified: ${JSON.stringify(changed)}`);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(15_000);
  });

  it('of a consistency proof between equal sizes', () => {
    const root = tree.rootHash(9);

    expect(verifyConsistency({ first: 9, second: 9, firstRoot: root, secondRoot: root, proof: [] })).toBe(true);
    expect(verifyConsistency({ first: 9, second: 9, firstRoot: root, secondRoot: SOME_HASH, proof: [] })).toBe(false);
    expect(verifyConsistency({ first: 9, second: 9, firstRoot: root, secondRoot: root, proof: [root] })).toBe(false);
  });

  it('from the empty tree, for which RFC 9162 defines no proof', () => {
    const empty = { first: 0, firstRoot: EMPTY_TREE_ROOT, proof: [] };

    expect(verifyConsistency({ ...empty, second: 0, secondRoot: EMPTY_TREE_ROOT })).toBe(true);
    expect(verifyConsistency({ ...empty, second: 0, secondRoot: SOME_HASH, firstRoot: SOME_HASH })).toBe(false);
    expect(verifyConsistency({ ...empty, second: 3, secondRoot: tree.rootHash(3) })).toBe(false);
  });
});

describe('argument checks', () => {
  const eventHashes = randomEventHashes(10);
  const tree = MerkleTree.of(eventHashes);

  it.each([11, -1, 1.5, NaN, Infinity])('rootHash refuses tree size %p', (treeSize) => {
    expect(() => tree.rootHash(treeSize)).toThrow(RangeError);
    expect(() => tree.rootHash(treeSize)).toThrow(`treeSize must be an integer from 0 to 10, not ${treeSize}`);
  });

  it.each([
    [10, 10],
    [-1, 10],
    [0, 0],
    [3, 3],
    [0.5, 10],
    [0, 11],
  ])('inclusionProof refuses leaf %p of tree size %p', (leafIndex, treeSize) => {
    expect(() => tree.inclusionProof(leafIndex, treeSize)).toThrow(RangeError);
  });

  it('names the bad leaf index', () => {
    expect(() => tree.inclusionProof(12)).toThrow('leafIndex must be an integer from 0 to 9, not 12');
  });

  it.each([
    [0, 10],
    [0, 0],
    [-1, 5],
    [6, 5],
    [1, 11],
    [2.5, 5],
  ])('consistencyProof refuses sizes %p and %p', (first, second) => {
    expect(() => tree.consistencyProof(first, second)).toThrow(RangeError);
  });

  it('names the bad size', () => {
    expect(() => tree.consistencyProof(0)).toThrow('first must be an integer from 1 to 10, not 0');
    expect(() => tree.consistencyProof(1, 12)).toThrow('second must be an integer from 0 to 10, not 12');
  });

  describe('verification returns false, never throws, on malformed input', () => {
    const auditPath = tree.inclusionProof(4);
    const inclusion = { eventHash: eventHashes[4], leafIndex: 4, treeSize: 10, auditPath, rootHash: tree.rootHash() };
    const consistency = {
      first: 4,
      second: 10,
      firstRoot: tree.rootHash(4),
      secondRoot: tree.rootHash(),
      proof: tree.consistencyProof(4),
    };
    const upper = (hash: string) => hash.toUpperCase();

    it('the valid proofs verify', () => {
      expect(verifyInclusion(inclusion)).toBe(true);
      expect(verifyConsistency(consistency)).toBe(true);
    });

    it.each<[string, Record<string, unknown>]>([
      ['an upper-case event hash', { eventHash: upper(inclusion.eventHash) }],
      ['an upper-case root', { rootHash: upper(inclusion.rootHash) }],
      ['an upper-case path element', { auditPath: auditPath.with(0, upper(auditPath[0])) }],
      ['a short path element', { auditPath: auditPath.with(0, auditPath[0].slice(2)) }],
      ['a path element that is no string', { auditPath: auditPath.with(0, 7 as unknown as string) }],
      ['a path that is no array', { auditPath: auditPath.join('') }],
      ['a missing path', { auditPath: undefined }],
      ['a very long path', { auditPath: Array(100_000).fill(SOME_HASH) }],
      ['a negative index', { leafIndex: -1 }],
      ['a fractional index', { leafIndex: 4.5 }],
      ['an index given as text', { leafIndex: '4' }],
      ['an index beyond the tree', { leafIndex: 10 }],
      ['a size of NaN', { treeSize: NaN }],
      ['an unsafe size', { treeSize: 2 ** 53 }],
      ['a root given as bytes', { rootHash: Buffer.from(inclusion.rootHash, 'hex') }],
    ])('inclusion: %s', (_case, change) => {
      expect(verifyInclusion({ ...inclusion, ...change } as typeof inclusion)).toBe(false);
    });

    it.each<[string, Record<string, unknown>]>([
      ['an upper-case first root', { firstRoot: upper(consistency.firstRoot) }],
      ['an upper-case second root', { secondRoot: upper(consistency.secondRoot) }],
      ['an upper-case proof element', { proof: consistency.proof.with(0, upper(consistency.proof[0])) }],
      ['a proof that is no array', { proof: null }],
      ['a first size above the second', { first: 11 }],
      ['a negative first size', { first: -4 }],
      ['a fractional second size', { second: 10.5 }],
      ['an infinite second size', { second: Infinity }],
    ])('consistency: %s', (_case, change) => {
      expect(verifyConsistency({ ...consistency, ...change } as typeof consistency)).toBe(false);
    });

    it('no proof at all', () => {
      expect(verifyInclusion(null as unknown as typeof inclusion)).toBe(false);
      expect(verifyConsistency(undefined as unknown as typeof consistency)).toBe(false);
      expect(verifyInclusion('proof' as unknown as typeof inclusion)).toBe(false);
    });

    it('sizes far beyond 2^32, where bit operators would wrap', () => {
      const huge = 2 ** 40 + 3;
      expect(verifyInclusion({ ...inclusion, leafIndex: huge - 1, treeSize: huge })).toBe(false);
      expect(verifyConsistency({ ...consistency, first: huge - 5, second: huge })).toBe(false);
    });
  });
});

describe('leafIndexOf', () => {
  const hashes = Array.from({ length: 37 }, (_, index) => createHash('sha256').update(`event ${index}`).digest('hex'));
  const tree = MerkleTree.of(hashes);

  it('finds the leaf of each event hash the tree holds', () => {
    expect(hashes.map((hash) => tree.leafIndexOf(hash))).toEqual(hashes.map((_, index) => index));
  });

  it('finds nothing for a hash the tree does not hold', () => {
    expect(tree.leafIndexOf(randomBytes(32).toString('hex'))).toBeUndefined();
  });
});
