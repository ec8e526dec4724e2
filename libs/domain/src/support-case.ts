/** The support case as the decider sees it: the reference's document plus its owner. */

export const DEVICES = [
  'ANDROID',
  'ANDROIDTV',
  'APPLETV',
  'CROMEMAC',
  'CHROMEWINDOWS',
  'DVB',
  'FIREFOXMAC',
  'FIREFOXWINDOWS',
  'IOS',
  'SAFARIMAC',
  'SAFARIWINDOWS',
  'OTHER',
] as const;
export type Device = (typeof DEVICES)[number];

/** Spellings callers use that mean a documented device. */
export const DEVICE_ALIASES: Readonly<Record<string, Device>> = { CHROMEMAC: 'CROMEMAC' };

export const FILE_TYPES = ['IMAGE', 'DOC'] as const;
export type FileType = (typeof FILE_TYPES)[number];

export const DEFAULT_RESPONSE_AUTHOR = 'PlayMaker Teamet';

export interface AttachedFile {
  _id: string;
  url: string;
  type: FileType;
}

export interface SupportComment {
  _id: string;
  comment: string;
  date: string;
  customer?: string;
  customerName?: string;
  employee?: string;
  employeeName?: string;
  isSupport: boolean;
  files: AttachedFile[];
}

export interface SupportResponse {
  answer: string;
  author: string;
  date: string;
  employee?: string;
  employeeName?: string;
}

export interface SupportCase {
  _id: string;
  /** Customer id of whoever created the case: the reseller that owns it. Never returned. */
  owner: string;
  name: string;
  description?: string;
  customer?: string;
  customerName?: string;
  employee?: string;
  employeeName?: string;
  solved: boolean;
  date: string;
  lastUpdated: string;
  device?: Device;
  systemVersion?: string;
  playMakerVersion?: string;
  privateInformation?: string;
  response?: SupportResponse;
  files: AttachedFile[];
  comments: SupportComment[];
}

/** Fields an update replaces wholesale; `null` clears the optional ones. */
export const REPLACEABLE_FIELDS = [
  'name',
  'description',
  'customer',
  'customerName',
  'employee',
  'employeeName',
  'device',
  'systemVersion',
  'playMakerVersion',
  'privateInformation',
  'files',
] as const;
export type ReplaceableField = (typeof REPLACEABLE_FIELDS)[number];

/** A stream that has no events yet is `null`. */
export type SupportCaseState = SupportCase | null;

export const initialState: SupportCaseState = null;

export function streamIdOf(caseId: string): string {
  return `supportCase-${caseId.toLowerCase()}`;
}

export const SUPPORT_CASE_STREAM_PREFIX = 'supportCase-';
