/** A state of the Merkle log: its size and root at a time, under a signing key. */
export interface TreeHead {
  readonly treeSize: number;
  /** RFC 9162 root hash of the first `treeSize` leaves, lower-case hex. */
  readonly rootHash: string;
  /** When the head was signed (ISO-8601, UTC). */
  readonly timestamp: string;
  /** Names the public key that verifies the signature. */
  readonly keyId: string;
}

/** A tree head with its Ed25519 signature over the RFC 8785 canonical JSON of the other fields. */
export interface SignedTreeHead extends TreeHead {
  /** Ed25519 signature, lower-case hex (128 digits). */
  readonly signature: string;
}
