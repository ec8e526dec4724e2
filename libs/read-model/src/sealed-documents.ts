import { streamIdOf, withoutPersonalValues, type SupportCase } from '@lib/domain';
import { DESTROYED, type DataKeys, type KeyOrDestroyed } from '@lib/personal-data';

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

/**
 * Each case's document at rest: the personal values only sealed, whole under the case's data
 * key (one decryption per case read), and everything else in the clear beside them. Once the
 * key is destroyed the clear part is what is left: the case erased, its row can still be read
 * and projected.
 */
export class SealedDocuments {
  constructor(private readonly keys: DataKeys) {}

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
        if (key === DESTROYED) return { clear };
        return { clear, sealed: key.seal(DOCUMENT_PATH, JSON.stringify(supportCase)) };
      },
      open: (caseId, { clear, sealed }) => {
        const key = keyOf(caseId);
        if (sealed === undefined || key === DESTROYED) return clear;
        return JSON.parse(key.open(DOCUMENT_PATH, sealed));
      },
    };
  }
}
