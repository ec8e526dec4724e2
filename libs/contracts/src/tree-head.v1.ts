/**
 * The audit topic's payload, version 1: each signed head of the service's Merkle log of event
 * hashes, published so that copies of the heads exist outside the service's own store. An
 * auditor who kept one can prove that a later head extends it (`AUDIT.md`).
 */
import { Type, type Static } from '@sinclair/typebox';

/** The topic every signed tree head is published to. */
export const AUDIT_TREE_HEADS_TOPIC = 'iptv.supportcase.audit.v1';

export const TREE_HEAD_CLOUD_EVENT_TYPE = 'dk.telecomx.iptv.supportcase.tree-head-signed.v1';
export const AUDIT_EVENT_SOURCE = '/iptv/supportcase/audit';

const Sha256 = Type.String({ pattern: '^[0-9a-f]{64}$' });

export const SignedTreeHeadV1Schema = Type.Object(
  {
    treeSize: Type.Integer({ minimum: 0, description: 'how many event hashes the tree holds' }),
    rootHash: Type.Unsafe<string>({ ...Sha256, description: 'RFC 9162 root hash, lower-case hex' }),
    timestamp: Type.String({ format: 'date-time', description: 'when the head was signed' }),
    keyId: Type.String({ pattern: '^[0-9a-f]{16}$', description: 'names the public key at GET /audit/public-key' }),
    signature: Type.String({
      pattern: '^[0-9a-f]{128}$',
      description: 'Ed25519 over the RFC 8785 canonical JSON of the other four fields, lower-case hex',
    }),
  },
  { additionalProperties: false },
);

export type SignedTreeHeadV1 = Static<typeof SignedTreeHeadV1Schema>;
