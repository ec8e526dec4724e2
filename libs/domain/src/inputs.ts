import type { AttachedFile, ReplaceableField } from './support-case';

export interface FileInput {
  _id?: string;
  id?: string;
  url: string;
  type: AttachedFile['type'];
}

/** A response as a caller writes it; what is left out gets a default. */
export interface ResponseInput {
  answer: string;
  author?: string;
  date?: string;
  employee?: string;
  employeeName?: string;
}

export interface CommentInput {
  _id?: string;
  comment: string;
  date?: string;
  customer?: string;
  customerName?: string;
  employee?: string;
  employeeName?: string;
  isSupport?: boolean;
  files?: FileInput[];
}

/** The documented body fields of create and update, already checked against the schema. */
export type SupportCaseInput = {
  [F in Exclude<ReplaceableField, 'files'>]?: string | null;
} & {
  _id?: string;
  solved?: boolean;
  date?: string;
  lastUpdated?: string;
  files?: FileInput[] | null;
  response?: ResponseInput | null;
  comments?: CommentInput[] | null;
};
