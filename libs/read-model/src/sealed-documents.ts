import { streamIdOf, type SupportCase } from '@lib/domain';
import type { DataKey, DataKeys } from '@lib/personal-data';

/** Where a document sits, for the binding of its seal: a sealed document opens as nothing else. */
const DOCUMENT_PATH = 'document';

/** Documents of some cases, sealed and opened without waiting: their keys were loaded first. */
export interface DocumentCipher {
  seal(caseId: string, supportCase: SupportCase): string;
  open(caseId: string, stored: string): SupportCase;
}

/**
 * Each case's document at rest: sealed whole under its case's data key, so the read model
 * holds no personal value in the clear, and opened on read with one decryption per case.
 */
export class SealedDocuments {
  constructor(private readonly keys: DataKeys) {}

  /** The documents of these cases; a case projected before it has a key gets one. */
  async of(caseIds: Iterable<string>): Promise<DocumentCipher> {
    const keys = await this.keys.keysFor([...caseIds].map(streamIdOf));
    const keyOf = (caseId: string): DataKey => {
      const key = keys.get(streamIdOf(caseId));
      if (!key) throw new Error(`the key of case ${caseId} was not loaded`);
      return key;
    };
    return {
      seal: (caseId, supportCase) => keyOf(caseId).seal(DOCUMENT_PATH, JSON.stringify(supportCase)),
      open: (caseId, stored) => JSON.parse(keyOf(caseId).open(DOCUMENT_PATH, stored)),
    };
  }
}
