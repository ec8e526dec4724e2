import { hash } from 'node:crypto';

/**
 * An RFC 9162 (Certificate Transparency v2) Merkle tree over event hashes, with SHA-256.
 * The tree is kept as levels of complete-subtree hashes: level k holds the hash of every
 * complete, aligned run of 2^k leaves. Appending is amortised O(1), and the hash of any range
 * the RFC's recursive definitions ask for is composed from O(log n) stored hashes.
 */

const HASH_SIZE = 32;
const LEAF_PREFIX = Buffer.of(0x00);
const NODE_PREFIX = Buffer.of(0x01);
const HEX_HASH = /^[0-9a-f]{64}$/;
/** No tree of at most 2^53 leaves has a longer audit path or consistency proof. */
const MAX_PROOF_LENGTH = 64;

/** Building the tree is mostly hashing: reused input buffers and one-shot hashing cut its cost by a third. */
const leafInput = Buffer.alloc(1 + HASH_SIZE, LEAF_PREFIX);
const nodeInput = Buffer.alloc(1 + 2 * HASH_SIZE, NODE_PREFIX);

const EMPTY_TREE_HASH = sha256(Buffer.alloc(0));

/** RFC 9162 hash of the empty tree: SHA-256 of no bytes, hex. */
export const EMPTY_TREE_ROOT = EMPTY_TREE_HASH.toString('hex');

/**
 * RFC 9162 leaf hash: SHA-256(0x00 || the 32 bytes of the event hash).
 * Throws a TypeError unless eventHash is 64 lower-case hex digits.
 */
export function leafHashOf(eventHash: string): Buffer {
  if (!isHexHash(eventHash)) throw new TypeError(`an event hash is 64 lower-case hex digits, not ${shown(eventHash)}`);
  leafInput.write(eventHash, 1, 'hex');
  return sha256(leafInput);
}

/** RFC 9162 §2.1.1 hash of a leaf of any data; our leaves are event hashes, other data only in tests. */
export function hashLeaf(data: Uint8Array): Buffer {
  return sha256(Buffer.concat([LEAF_PREFIX, data]));
}

/** RFC 9162 §2.1.1 hash of an interior node, over two 32-byte hashes. */
export function hashChildren(left: Uint8Array, right: Uint8Array): Buffer {
  if (left.length !== HASH_SIZE || right.length !== HASH_SIZE) throw new RangeError('a child hash is 32 bytes');
  nodeInput.set(left, 1);
  nodeInput.set(right, 1 + HASH_SIZE);
  return sha256(nodeInput);
}

export class MerkleTree {
  private readonly levels = new TreeLevels();

  static of(eventHashes: Iterable<string>): MerkleTree {
    const tree = new MerkleTree();
    for (const eventHash of eventHashes) tree.append(eventHash);
    return tree;
  }

  get size(): number {
    return this.levels.size;
  }

  append(eventHash: string): void {
    this.levels.appendLeafHash(leafHashOf(eventHash));
  }

  /**
   * The leaf index of the event with this hash, if the tree holds it. A scan of the leaves in
   * native code (tens of milliseconds for a million), which spares the log an index on every
   * hash that each sealed event would pay for.
   */
  leafIndexOf(eventHash: string): number | undefined {
    return this.levels.indexOfLeafHash(leafHashOf(eventHash));
  }

  /** Root of the first treeSize leaves (default: all), lower-case hex. RangeError if treeSize > size or < 0. */
  rootHash(treeSize = this.size): string {
    this.checkTreeSize('treeSize', treeSize);
    return this.levels.rangeHash(0, treeSize).toString('hex');
  }

  /**
   * RFC 9162 §2.1.3.1 audit path of leaf `leafIndex` in the tree of the first treeSize leaves;
   * hex strings. RangeError when out of range.
   */
  inclusionProof(leafIndex: number, treeSize = this.size): string[] {
    this.checkTreeSize('treeSize', treeSize);
    checkInteger('leafIndex', leafIndex, 0, treeSize - 1);
    return hexOf(this.levels.inclusionPath(leafIndex, treeSize));
  }

  /**
   * RFC 9162 §2.1.4.1 consistency proof between the trees of sizes first and second
   * (0 < first <= second <= size); hex strings. Equal sizes have the empty proof.
   */
  consistencyProof(first: number, second = this.size): string[] {
    this.checkTreeSize('second', second);
    checkInteger('first', first, 1, second);
    return hexOf(this.levels.consistencyProof(first, second));
  }

  private checkTreeSize(name: string, treeSize: number): void {
    checkInteger(name, treeSize, 0, this.size);
  }
}

/**
 * RFC 9162 §2.1.3.2: true when auditPath proves the event hash is leaf leafIndex of the tree of
 * treeSize with root rootHash. Never throws on malformed input (returns false): hex must be 64
 * lower-case digits.
 */
export function verifyInclusion(proof: {
  eventHash: string;
  leafIndex: number;
  treeSize: number;
  auditPath: readonly string[];
  rootHash: string;
}): boolean {
  if (typeof proof !== 'object' || proof === null) return false;
  const { eventHash, leafIndex, treeSize, auditPath, rootHash } = proof;
  if (!isHexHash(eventHash) || !isHexHash(rootHash) || !isHashList(auditPath)) return false;
  if (!isTreeSize(leafIndex) || !isTreeSize(treeSize)) return false;
  const root = rootFromInclusionPath(leafHashOf(eventHash), leafIndex, treeSize, buffersOf(auditPath));
  return root !== undefined && root.equals(Buffer.from(rootHash, 'hex'));
}

/**
 * RFC 9162 §2.1.4.2: true when proof proves the tree of size `first` (root firstRoot) is a prefix
 * of the tree of size `second` (root secondRoot). first === second needs an empty proof and equal
 * roots (the empty tree's, for size 0); RFC 9162 defines no proof from the empty tree to a larger
 * one, so first = 0 < second is false. Never throws on malformed input.
 */
export function verifyConsistency(proof: {
  first: number;
  second: number;
  firstRoot: string;
  secondRoot: string;
  proof: readonly string[];
}): boolean {
  if (typeof proof !== 'object' || proof === null) return false;
  const { first, second, firstRoot, secondRoot, proof: path } = proof;
  if (!isHexHash(firstRoot) || !isHexHash(secondRoot) || !isHashList(path)) return false;
  if (!isTreeSize(first) || !isTreeSize(second)) return false;
  return consistencyHolds(
    first,
    second,
    Buffer.from(firstRoot, 'hex'),
    Buffer.from(secondRoot, 'hex'),
    buffersOf(path),
  );
}

/**
 * The tree's hashes by level. Exported for tests with the RFC's published vectors, whose leaves
 * are not event hashes; the lib's index does not export it.
 */
export class TreeLevels {
  private readonly levels: HashLevel[] = [new HashLevel()];

  get size(): number {
    return this.levels[0].length;
  }

  /** Adds the leaf, then each complete subtree it closes: a node at an odd index closes a pair. */
  appendLeafHash(leafHash: Uint8Array): void {
    let node = leafHash;
    let index = this.size;
    for (let level = 0; ; level++) {
      this.levelAt(level).push(node);
      if (index % 2 === 0) return;
      node = hashChildren(this.levels[level].at(index - 1), node);
      index = (index - 1) / 2;
    }
  }

  /** MTH(D[start:end]), end <= size. A complete, aligned range is stored; any other splits as the RFC does. */
  rangeHash(start: number, end: number): Buffer {
    const count = end - start;
    if (count === 0) return EMPTY_TREE_HASH;
    if (isPowerOfTwo(count) && start % count === 0) return this.levels[log2(count)].at(start / count);
    const middle = start + largestPowerOfTwoBelow(count);
    return hashChildren(this.rangeHash(start, middle), this.rangeHash(middle, end));
  }

  /** PATH(m, D[0:treeSize]), 0 <= m < treeSize <= size; the sibling nearest the leaf first. */
  inclusionPath(leafIndex: number, treeSize: number): Buffer[] {
    return this.pathWithin(leafIndex, 0, treeSize);
  }

  /** PROOF(m, D[0:treeSize]), 0 < m <= treeSize <= size. */
  consistencyProof(first: number, second: number): Buffer[] {
    return this.subproof(first, 0, second, true);
  }

  /** PATH(m - start, D[start:end]). */
  private pathWithin(leafIndex: number, start: number, end: number): Buffer[] {
    if (end - start === 1) return [];
    const middle = start + largestPowerOfTwoBelow(end - start);
    if (leafIndex < middle) return [...this.pathWithin(leafIndex, start, middle), this.rangeHash(middle, end)];
    return [...this.pathWithin(leafIndex, middle, end), this.rangeHash(start, middle)];
  }

  /** SUBPROOF(first - start, D[start:end], startsAtOldRoot): the old tree is D[0:first]. */
  private subproof(first: number, start: number, end: number, startsAtOldRoot: boolean): Buffer[] {
    if (first === end) return startsAtOldRoot ? [] : [this.rangeHash(start, end)];
    const middle = start + largestPowerOfTwoBelow(end - start);
    if (first <= middle) return [...this.subproof(first, start, middle, startsAtOldRoot), this.rangeHash(middle, end)];
    return [...this.subproof(first, middle, end, false), this.rangeHash(start, middle)];
  }

  /** The index of the first leaf with this leaf hash. */
  indexOfLeafHash(leafHash: Uint8Array): number | undefined {
    return this.levels[0].indexOf(leafHash);
  }

  private levelAt(level: number): HashLevel {
    if (level === this.levels.length) this.levels.push(new HashLevel());
    return this.levels[level];
  }
}

/** One level's hashes in 32-byte slots of one growable buffer: no object per node. */
class HashLevel {
  private buffer = Buffer.alloc(HASH_SIZE * 16);
  length = 0;

  push(hash: Uint8Array): void {
    if ((this.length + 1) * HASH_SIZE > this.buffer.length) this.grow();
    this.buffer.set(hash, this.length * HASH_SIZE);
    this.length++;
  }

  /** A view, not a copy: a slot never changes once written, and a grown level copies into a new buffer. */
  at(index: number): Buffer {
    return this.buffer.subarray(index * HASH_SIZE, (index + 1) * HASH_SIZE);
  }

  /** The first slot holding `hash`, searched in native code: a match must start on a slot. */
  indexOf(hash: Uint8Array): number | undefined {
    const end = this.length * HASH_SIZE;
    for (let at = this.buffer.indexOf(hash); at !== -1 && at < end; at = this.buffer.indexOf(hash, at + 1)) {
      if (at % HASH_SIZE === 0) return at / HASH_SIZE;
    }
    return undefined;
  }

  private grow(): void {
    const larger = Buffer.alloc(this.buffer.length * 2);
    this.buffer.copy(larger, 0, 0, this.length * HASH_SIZE);
    this.buffer = larger;
  }
}

/**
 * RFC 9162 §2.1.3.2: the root an audit path leads to from leaf `leafIndex` of a tree of
 * `treeSize`, or undefined when the path cannot belong to such a tree. Arithmetic rather than
 * bit operators: sizes may exceed 2^32.
 */
export function rootFromInclusionPath(
  leafHash: Buffer,
  leafIndex: number,
  treeSize: number,
  path: readonly Buffer[],
): Buffer | undefined {
  if (leafIndex >= treeSize) return undefined;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let root = leafHash;
  for (const sibling of path) {
    if (sn === 0) return undefined;
    if (isOdd(fn) || fn === sn) {
      root = hashChildren(sibling, root);
      while (!isOdd(fn) && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else {
      root = hashChildren(root, sibling);
    }
    [fn, sn] = [half(fn), half(sn)];
  }
  return sn === 0 ? root : undefined;
}

/** RFC 9162 §2.1.4.2, which defines proofs for 0 < first < second; equal sizes need equal roots and no proof. */
export function consistencyHolds(
  first: number,
  second: number,
  firstRoot: Buffer,
  secondRoot: Buffer,
  proof: readonly Buffer[],
): boolean {
  if (first === second) {
    return proof.length === 0 && firstRoot.equals(secondRoot) && (first > 0 || firstRoot.equals(EMPTY_TREE_HASH));
  }
  if (first === 0 || first > second || proof.length === 0) return false;
  const path = isPowerOfTwo(first) ? [firstRoot, ...proof] : proof;
  let fn = first - 1;
  let sn = second - 1;
  while (isOdd(fn)) [fn, sn] = [half(fn), half(sn)];
  let [fr, sr] = [path[0], path[0]];
  for (const node of path.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      [fr, sr] = [hashChildren(node, fr), hashChildren(node, sr)];
      while (!isOdd(fn) && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else {
      sr = hashChildren(sr, node);
    }
    [fn, sn] = [half(fn), half(sn)];
  }
  return sn === 0 && fr.equals(firstRoot) && sr.equals(secondRoot);
}

function sha256(data: Uint8Array): Buffer {
  return hash('sha256', data, 'buffer');
}

function checkInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max}, not ${shown(value)}`);
  }
}

function isHexHash(value: unknown): value is string {
  return typeof value === 'string' && HEX_HASH.test(value);
}

function isHashList(value: unknown): value is readonly string[] {
  return Array.isArray(value) && value.length <= MAX_PROOF_LENGTH && value.every(isHexHash);
}

function isTreeSize(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function buffersOf(hashes: readonly string[]): Buffer[] {
  return hashes.map((hash) => Buffer.from(hash, 'hex'));
}

function hexOf(hashes: readonly Buffer[]): string[] {
  return hashes.map((hash) => hash.toString('hex'));
}

function isOdd(value: number): boolean {
  return value % 2 === 1;
}

function half(value: number): number {
  return Math.floor(value / 2);
}

function isPowerOfTwo(value: number): boolean {
  let rest = value;
  while (rest > 1 && !isOdd(rest)) rest /= 2;
  return rest === 1;
}

/** For a power of two below 2^32, which every stored level count is. */
function log2(powerOfTwo: number): number {
  return 31 - Math.clz32(powerOfTwo);
}

/** The largest power of two smaller than count (count > 1): where the RFC splits a tree. */
function largestPowerOfTwoBelow(count: number): number {
  let power = 1;
  while (power * 2 < count) power *= 2;
  return power;
}

/** A bad argument for a message: short, and never more than its start. */
function shown(value: unknown): string {
  if (typeof value !== 'string') return typeof value === 'number' ? String(value) : typeof value;
  return JSON.stringify(value.length > 72 ? `${value.slice(0, 72)}…` : value);
}
