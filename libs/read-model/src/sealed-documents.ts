import { streamIdOf, withoutPersonalValues, type SupportCase } from '@lib/domain';
import { DESTROYED, type DataKeys, type KeyOrDestroyed } from '@lib/personal-data';
import { LRUCache } from 'lru-cache';
import type { ProjectedCase } from './read-model.port';

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

/** A row's revision and its document in stored form, read together. */
export interface StoredRevision {
  readonly revision: number;
  readonly document: StoredDocument;
}

/** Documents of some cases, sealed and opened without waiting: their keys were loaded first. */
export interface DocumentCipher {
  seal(caseId: string, projected: ProjectedCase): StoredDocument;
  /**
   * The case as projected at `revision`. Its row is read with `read` only when the document is
   * not held opened at that revision; then the result is what `read` answers, its revision
   * included, so a row that moved on meanwhile never pairs one revision with another's document.
   */
  open(caseId: string, revision: number, read: () => StoredRevision): ProjectedCase;
}

export interface OpenedDocumentsOptions {
  /** Opened documents held at most. */
  readonly capacity?: number;
  /** How long one is held without being sealed or opened again. */
  readonly cachedForMs?: number;
}

/**
 * Each case's document at rest: the personal values only sealed, whole under the case's data
 * key (one decryption per case read), and everything else in the clear beside them. Once the
 * key is destroyed the clear part is what is left: the case erased, its row can still be read
 * and projected.
 *
 * The documents sealed or opened most recently are kept opened with their revision, so a row
 * read again at the same revision is neither read whole nor decrypted: a case's document at a
 * revision is the fold of the same events wherever it was projected. One is served only while
 * its case's key exists, so an erasure ends it as it ends the key. The documents handed out are
 * shared: callers do not change them.
 */
export class SealedDocuments {
  private readonly opened: LRUCache<string, ProjectedCase>;

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
      seal: (caseId, projected) => {
        const key = keyOf(caseId);
        const clear = withoutPersonalValues(projected.supportCase);
        if (key === DESTROYED) return this.forgotten(caseId, { clear });
        this.opened.set(caseId, projected);
        return { clear, sealed: key.seal(DOCUMENT_PATH, JSON.stringify(projected.supportCase)) };
      },
      open: (caseId, revision, read) => {
        const key = keyOf(caseId);
        if (key === DESTROYED) return this.forgotten(caseId, clearOf(read()));
        const known = this.opened.get(caseId);
        if (known?.revision === revision) return known;
        const stored = read();
        const { sealed } = stored.document;
        if (sealed === undefined) return this.forgotten(caseId, clearOf(stored));
        const supportCase: SupportCase = JSON.parse(key.open(DOCUMENT_PATH, sealed));
        const opened = { supportCase, revision: stored.revision };
        this.opened.set(caseId, opened);
        return opened;
      },
    };
  }

  private forgotten<T>(caseId: string, answer: T): T {
    this.opened.delete(caseId);
    return answer;
  }
}

/** What is left of a case whose key is destroyed: the part kept in the clear. */
function clearOf({ revision, document }: StoredRevision): ProjectedCase {
  return { supportCase: document.clear, revision };
}
