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

/** A personal value, absent once its case is erased (PRIVACY.md). */
const Personal = (options: { description?: string } = {}) =>
  Type.Optional(
    Type.String({
      ...options,
      description: [options.description, 'absent once the case is erased'].filter(Boolean).join('; '),
    }),
  );

export const AttachedFileSchema = Type.Object({ _id: ObjectIdSchema, url: Personal(), type: FileTypeName });

export const SupportCommentSchema = Type.Object({
  _id: ObjectIdSchema,
  comment: Personal(),
  date: DateTimeSchema,
  customer: Type.Optional(ObjectIdSchema),
  customerName: Personal(),
  employee: Type.Optional(ObjectIdSchema),
  employeeName: Personal(),
  isSupport: Type.Boolean(),
  files: Type.Array(AttachedFileSchema),
});

export const SupportResponseSchema = Type.Object({
  answer: Personal(),
  author: Personal(),
  date: DateTimeSchema,
  employee: Type.Optional(Type.String({ description: 'ADMIN only' })),
  employeeName: Personal({ description: 'ADMIN only' }),
});

/** When and why a case's personal data was erased. */
export const ErasureSchema = Type.Object({ date: DateTimeSchema, reason: Type.String() });

/** The support case as the decider sees it: the reference's document plus its owner. */
export const SupportCaseSchema = Type.Object({
  _id: ObjectIdSchema,
  // Customer id of whoever created the case: the reseller that owns it. Never returned.
  owner: ObjectIdSchema,
  name: Personal(),
  description: Personal(),
  customer: Type.Optional(ObjectIdSchema),
  customerName: Personal(),
  employee: Type.Optional(ObjectIdSchema),
  employeeName: Personal(),
  solved: Type.Boolean(),
  date: DateTimeSchema,
  lastUpdated: DateTimeSchema,
  device: Type.Optional(DeviceName),
  systemVersion: Type.Optional(Type.String()),
  playMakerVersion: Type.Optional(Type.String()),
  privateInformation: Personal({ description: 'ADMIN and the case creator only' }),
  response: Type.Optional(SupportResponseSchema),
  files: Type.Array(AttachedFileSchema),
  comments: Type.Array(SupportCommentSchema),
  erased: Type.Optional(ErasureSchema),
});

export type AttachedFile = Static<typeof AttachedFileSchema>;
export type SupportComment = Static<typeof SupportCommentSchema>;
export type SupportResponse = Static<typeof SupportResponseSchema>;
export type SupportCase = Static<typeof SupportCaseSchema>;
export type Erasure = Static<typeof ErasureSchema>;

/** A stream that has no events yet is `null`. */
export type SupportCaseState = SupportCase | null;

export const initialState: SupportCaseState = null;

export function streamIdOf(caseId: string): string {
  return `supportCase-${caseId.toLowerCase()}`;
}

export const SUPPORT_CASE_STREAM_PREFIX = 'supportCase-';
