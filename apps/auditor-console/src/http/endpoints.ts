import { ApiError, getJson, postJson, type Answer } from './api';
import type { CaseHistory, CasePage, ChainVerdict, SignedTreeHead, SupportCase } from './support-case';

const CASES = '/iptv/supportcase';

export interface CaseListQuery {
  offset: number;
  limit: number;
  /** 24 hex characters. */
  customer?: string;
  solved?: boolean;
}

/** A point in a case's past: one of its revisions, or an instant (ISO 8601). */
export type CasePoint = { revision: number } | { asOf: string };

const casePath = (id: string) => `${CASES}/${encodeURIComponent(id)}`;

export async function listCases(query: CaseListQuery, signal?: AbortSignal): Promise<CasePage> {
  const params = new URLSearchParams({ offset: String(query.offset), limit: String(query.limit) });
  if (query.customer) params.set('customer', query.customer);
  if (query.solved !== undefined) params.set('solved', String(query.solved));
  return (await getJson<CasePage>(`${CASES}?${params}`, signal)).body;
}

/** The case now, or as it stood at `point` (ADMIN); the answer's revision is the one it stood at. */
export function getCase(id: string, point?: CasePoint, signal?: AbortSignal): Promise<Answer<SupportCase>> {
  const query = point === undefined ? '' : `?${new URLSearchParams(pointParams(point))}`;
  return getJson<SupportCase>(`${casePath(id)}${query}`, signal);
}

function pointParams(point: CasePoint): Record<string, string> {
  return 'revision' in point ? { revision: String(point.revision) } : { asOf: point.asOf };
}

export async function caseHistory(id: string, signal?: AbortSignal): Promise<CaseHistory> {
  return (await getJson<CaseHistory>(`${casePath(id)}/history`, signal)).body;
}

export async function verifyHistory(id: string, signal?: AbortSignal): Promise<ChainVerdict> {
  return (await getJson<ChainVerdict>(`${casePath(id)}/history/verify`, signal)).body;
}

/** The newest signed tree head, or undefined while the sealer has signed none. */
export async function newestTreeHead(signal?: AbortSignal): Promise<SignedTreeHead | undefined> {
  try {
    return (await getJson<SignedTreeHead>('/audit/checkpoint', signal)).body;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return undefined;
    throw error;
  }
}

export async function eraseCase(id: string, reason: string): Promise<SupportCase> {
  return (await postJson<SupportCase>(`${casePath(id)}/erase`, { reason })).body;
}

/** Downloaded by a plain link: the cookie authenticates it. */
export function historyExportPath(id: string): string {
  return `${casePath(id)}/history/export`;
}
