import { Type, type Static } from '@sinclair/typebox';
import { DateTimeSchema, ObjectIdSchema } from './field-schemas';

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

/** Stored values are canonical; the document has always named them as plain strings. */
const DeviceName = Type.Unsafe<Device>(Type.String());
const FileTypeName = Type.Unsafe<FileType>(Type.String());

export const AttachedFileSchema = Type.Object({ _id: ObjectIdSchema, url: Type.String(), type: FileTypeName });

export const SupportCommentSchema = Type.Object({
  _id: ObjectIdSchema,
  comment: Type.String(),
  date: DateTimeSchema,
  customer: Type.Optional(ObjectIdSchema),
  customerName: Type.Optional(Type.String()),
  employee: Type.Optional(ObjectIdSchema),
  employeeName: Type.Optional(Type.String()),
  isSupport: Type.Boolean(),
  files: Type.Array(AttachedFileSchema),
});

export const SupportResponseSchema = Type.Object({
  answer: Type.String(),
  author: Type.String(),
  date: DateTimeSchema,
  employee: Type.Optional(Type.String({ description: 'ADMIN only' })),
  employeeName: Type.Optional(Type.String({ description: 'ADMIN only' })),
});

/** The support case as the decider sees it: the reference's document plus its owner. */
export const SupportCaseSchema = Type.Object({
  _id: ObjectIdSchema,
  // Customer id of whoever created the case: the reseller that owns it. Never returned.
  owner: ObjectIdSchema,
  name: Type.String(),
  description: Type.Optional(Type.String()),
  customer: Type.Optional(ObjectIdSchema),
  customerName: Type.Optional(Type.String()),
  employee: Type.Optional(ObjectIdSchema),
  employeeName: Type.Optional(Type.String()),
  solved: Type.Boolean(),
  date: DateTimeSchema,
  lastUpdated: DateTimeSchema,
  device: Type.Optional(DeviceName),
  systemVersion: Type.Optional(Type.String()),
  playMakerVersion: Type.Optional(Type.String()),
  privateInformation: Type.Optional(Type.String({ description: 'ADMIN and the case creator only' })),
  response: Type.Optional(SupportResponseSchema),
  files: Type.Array(AttachedFileSchema),
  comments: Type.Array(SupportCommentSchema),
});

export type AttachedFile = Static<typeof AttachedFileSchema>;
export type SupportComment = Static<typeof SupportCommentSchema>;
export type SupportResponse = Static<typeof SupportResponseSchema>;
export type SupportCase = Static<typeof SupportCaseSchema>;

/** A stream that has no events yet is `null`. */
export type SupportCaseState = SupportCase | null;

export const initialState: SupportCaseState = null;

export function streamIdOf(caseId: string): string {
  return `supportCase-${caseId.toLowerCase()}`;
}

export const SUPPORT_CASE_STREAM_PREFIX = 'supportCase-';
