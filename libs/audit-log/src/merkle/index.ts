export { EMPTY_TREE_ROOT, MerkleTree, leafHashOf, verifyConsistency, verifyInclusion } from './merkle-tree';
