/** The service's answers, as its OpenAPI document describes them. */

export interface AttachedFile {
  _id: string;
  url?: string;
  type: string;
}

export interface SupportComment {
  _id: string;
  comment?: string;
  date: string;
  customer?: string;
  customerName?: string;
  employee?: string;
  employeeName?: string;
  isSupport: boolean;
  files: AttachedFile[];
}

export interface SupportResponse {
  answer?: string;
  author?: string;
  date: string;
  employee?: string;
  employeeName?: string;
}

export interface Erasure {
  date: string;
  reason: string;
}

export interface SupportCase {
  _id: string;
  name?: string;
  description?: string;
  customer?: string;
  customerName?: string;
  employee?: string;
  employeeName?: string;
  solved: boolean;
  date: string;
  lastUpdated: string;
  device?: string;
  systemVersion?: string;
  playMakerVersion?: string;
  privateInformation?: string;
  response?: SupportResponse;
  files: AttachedFile[];
  comments: SupportComment[];
  erased?: Erasure;
}

export interface CasePage {
  offset: number;
  limit: number;
  total: number;
  supportCases: SupportCase[];
}

export interface Actor {
  employee?: string;
  employeeName?: string;
  customer?: string;
  customerName?: string;
  accessLevel?: string;
}

export interface HistoryEvent {
  revision: number;
  type: string;
  date: string;
  actor: Actor;
  correlationId: string;
  data: Record<string, unknown>;
  hash: string;
  previousHash: string;
  leafIndex?: number;
}

export interface CaseHistory {
  _id: string;
  erased?: Erasure;
  events: HistoryEvent[];
}

export interface SignedTreeHead {
  treeSize: number;
  rootHash: string;
  timestamp: string;
  keyId: string;
  signature: string;
}

export interface ChainVerdict {
  ok: boolean;
  events: number;
  brokenAt?: number;
  reason?: string;
  sealedBy?: SignedTreeHead & { leafIndex: number; revision: number };
}
