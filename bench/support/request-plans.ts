import type { LoadPlan, PlannedRequest } from './load';
import { commentBody, fieldChangeBody } from './payloads';

export interface CaseRequest extends PlannedRequest {
  readonly caseId: string;
}

const SUPPORT_CASES = '/iptv/supportcase';
export const LIST_PAGE_SIZE = 20;

/**
 * Comments an update plan writes per case. Each is added once and edited after, so a case stops
 * growing: answers keep the size the bare server's document was measured at, run after run.
 */
const COMMENT_SLOTS = 2;

/** The id of the plan's comment in `slot` of a case: the case's id with the slot in its last two digits. */
function commentIdOf(caseId: string, slot: number): string {
  return `${caseId.slice(0, -2)}${slot.toString(16).padStart(2, '0')}`;
}

/**
 * Updates of cases picked at random, alternately changing fields and writing one of the case's
 * comment slots (~1 KB bodies).
 */
export function updatePlan(caseIds: readonly string[], tokens: readonly string[], connections: number) {
  let serial = 0;
  return {
    connections,
    next: (): CaseRequest => {
      serial++;
      const caseId = pickAtRandom(caseIds);
      const slot = Math.floor(serial / 2) % COMMENT_SLOTS;
      const body = serial % 2 === 0 ? fieldChangeBody(serial) : commentBody(serial, commentIdOf(caseId, slot));
      return { method: 'POST', path: `${SUPPORT_CASES}/${caseId}`, headers: bearer(tokens), body, caseId };
    },
  } satisfies LoadPlan<CaseRequest>;
}

/** One caller changing fields of the cases in turn: every answer has the same size, whatever the history. */
export function fieldChangePlan(caseIds: readonly string[], tokens: readonly string[]): LoadPlan {
  let serial = 0;
  return {
    connections: 1,
    next: () => {
      const caseId = caseIds[serial % caseIds.length];
      const body = fieldChangeBody(++serial);
      return { method: 'POST', path: `${SUPPORT_CASES}/${caseId}`, headers: bearer(tokens), body };
    },
  };
}

/** Gets of cases picked at random. */
export function getPlan(caseIds: readonly string[], tokens: readonly string[], connections: number): LoadPlan {
  return {
    connections,
    next: () => ({ method: 'GET', path: `${SUPPORT_CASES}/${pickAtRandom(caseIds)}`, headers: bearer(tokens) }),
  };
}

/** A page of the list, newest first, among the first `pages` pages, as people page through it. */
export function listPlan(pages: number, tokens: readonly string[], connections: number): LoadPlan {
  return {
    connections,
    next: () => {
      const offset = Math.floor(Math.random() * pages) * LIST_PAGE_SIZE;
      const path = `${SUPPORT_CASES}?offset=${offset}&limit=${LIST_PAGE_SIZE}`;
      return { method: 'GET', path, headers: bearer(tokens) };
    },
  };
}

/** The token of a support employee picked at random. */
function bearer(tokens: readonly string[]): Record<string, string> {
  return { authorization: `Bearer ${pickAtRandom(tokens)}` };
}

function pickAtRandom<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)];
}
