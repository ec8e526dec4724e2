import {
  AUDIT_EVENT_SOURCE,
  CLOUD_EVENT_HEADERS as CE,
  CLOUD_EVENTS_SPEC_VERSION,
  JSON_CONTENT_TYPE,
  TREE_HEAD_CLOUD_EVENT_TYPE,
  type SignedTreeHeadV1,
} from '@lib/contracts';
import type { CheckpointStore } from '@lib/event-store';
import type { RelayProducer } from './relay-producer';
import type { OutgoingMessage } from './support-case-message.mapper';

/** Every head under one key: one partition keeps them in the order they were signed. */
const TREE_HEAD_KEY = 'tree-head';

/** A signed head as its CloudEvent; its id is its tree size, so a head sent twice is recognisably one. */
export function toTreeHeadMessage(head: SignedTreeHeadV1): OutgoingMessage {
  return {
    key: TREE_HEAD_KEY,
    value: JSON.stringify(head),
    headers: {
      [CE.specVersion]: CLOUD_EVENTS_SPEC_VERSION,
      [CE.id]: `tree-head-${head.treeSize}`,
      [CE.type]: TREE_HEAD_CLOUD_EVENT_TYPE,
      [CE.source]: AUDIT_EVENT_SOURCE,
      [CE.subject]: String(head.treeSize),
      [CE.time]: head.timestamp,
      [CE.contentType]: JSON_CONTENT_TYPE,
    },
  };
}

/**
 * Publishes signed heads to the audit topic, at least once and in order. Its checkpoint holds
 * the tree size of the last head the broker acknowledged (in both fields of a log position).
 */
export class TreeHeadPublisher {
  constructor(
    private readonly producer: RelayProducer,
    private readonly checkpoints: CheckpointStore,
    private readonly topic: string,
  ) {}

  /**
   * Sends the heads newer than the last one acknowledged, as `headsAfter` reads them from the
   * store (by tree size); returns how many it sent.
   */
  async publish(headsAfter: (treeSize: number) => Promise<readonly SignedTreeHeadV1[]>): Promise<number> {
    const { commit: publishedTreeSize } = await this.checkpoints.load();
    const unpublished = await headsAfter(publishedTreeSize);
    if (unpublished.length === 0) return 0;
    await this.producer.send({ topic: this.topic, acks: -1, messages: unpublished.map(toTreeHeadMessage) });
    const { treeSize } = unpublished[unpublished.length - 1];
    await this.checkpoints.save({ commit: treeSize, prepare: treeSize });
    return unpublished.length;
  }
}
