import { streamIdOf, withoutPersonalValues, type SupportCase } from '@lib/domain';
import { DESTROYED, type DataKeys, type KeyOrDestroyed } from '@lib/personal-data';
import { LRUCache } from 'lru-cache';

/** Where a document sits, for the binding of its seal: a sealed document opens as nothing else. */
const DOCUMENT_PATH = 'document';

/**
 * A document as a row keeps it: the case without its personal values in the clear, and the
 * whole case sealed under the case's key, unless that key was destroyed.
 */
export interface StoredDocument {
  readonly clear: SupportCase;
  readonly sealed?: string;
}

/** Documents of some cases, sealed and opened without waiting: their keys were loaded first. */
export interface DocumentCipher {
  seal(caseId: string, supportCase: SupportCase): StoredDocument;
  open(caseId: string, stored: StoredDocument): SupportCase;
}

export interface OpenedDocumentsOptions {
  /** Opened documents held at most. */
  readonly capacity?: number;
  /** How long one is held without being sealed or opened again. */
  readonly cachedForMs?: number;
}

/** A case's document as last sealed or opened here, with the seal it is the plaintext of. */
interface OpenedDocument {
  readonly sealed: string;
  readonly supportCase: SupportCase;
}

/**
 * Each case's document at rest: the personal values only sealed, whole under the case's data
 * key (one decryption per case read), and everything else in the clear beside them. Once the
 * key is destroyed the clear part is what is left: the case erased, its row can still be read
 * and projected.
 *
 * The documents sealed or opened most recently are kept opened, so a row read again unchanged
 * costs no decryption; one is served only while its case's key exists, so an erasure ends it
 * as it ends the key. The documents handed out are shared: callers do not change them.
 */
export class SealedDocuments {
  private readonly opened: LRUCache<string, OpenedDocument>;

  constructor(
    private readonly keys: DataKeys,
    { capacity = 10_000, cachedForMs = 60_000 }: OpenedDocumentsOptions = {},
  ) {
    this.opened = new LRUCache({ max: capacity, ttl: cachedForMs, updateAgeOnGet: true });
  }

  /** The documents of these cases; a case projected before it has a key gets one. */
  async of(caseIds: Iterable<string>): Promise<DocumentCipher> {
    const keys = await this.keys.keysFor([...caseIds].map(streamIdOf));
    const keyOf = (caseId: string): KeyOrDestroyed => {
      const key = keys.get(streamIdOf(caseId));
      if (!key) throw new Error(`the key of case ${caseId} was not loaded`);
      return key;
    };
    return {
      seal: (caseId, supportCase) => {
        const key = keyOf(caseId);
        const clear = withoutPersonalValues(supportCase);
        if (key === DESTROYED) return this.forgotten(caseId, { clear });
        const sealed = key.seal(DOCUMENT_PATH, JSON.stringify(supportCase));
        this.opened.set(caseId, { sealed, supportCase });
        return { clear, sealed };
      },
      open: (caseId, { clear, sealed }) => {
        const key = keyOf(caseId);
        if (sealed === undefined || key === DESTROYED) return this.forgotten(caseId, clear);
        const known = this.opened.get(caseId);
        if (known?.sealed === sealed) return known.supportCase;
        const supportCase: SupportCase = JSON.parse(key.open(DOCUMENT_PATH, sealed));
        this.opened.set(caseId, { sealed, supportCase });
        return supportCase;
      },
    };
  }

  private forgotten<T>(caseId: string, answer: T): T {
    this.opened.delete(caseId);
    return answer;
  }
}
