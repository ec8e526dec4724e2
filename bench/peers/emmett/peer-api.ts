import express, { type NextFunction, type Request, type Response } from 'express';
import { EmmettError, NotFoundError, ValidationError, type ExpectedStreamVersion } from '@event-driven-io/emmett';
import { extractToken, InvalidTokenError, verifyToken } from '@lib/auth';
import type { PeerStore, VersionedCase } from './peer-store';
import {
  newObjectId,
  STREAM_TYPE,
  type CaseFields,
  type DecisionMetadata,
  type NewComment,
  type UpdateSupportCase,
} from './support-case';

/**
 * The two endpoints the bench loads, in Emmett's Web API style: the command handler behind the
 * route, errors carrying their HTTP status as `errorCode`, the stream version as a weak ETag.
 */
export function peerApi(store: PeerStore, authSecret: string): express.Express {
  const app = express();
  app.use(express.json({ limit: '1mb' }));
  app.post('/iptv/supportcase/:id', async (request: Request<{ id: string }>, response) => {
    const metadata = await supporterOf(request, authSecret);
    const command = updateOf(request.params.id, request.body, metadata);
    answer(response, await store.handle(request.params.id, [command], expectedVersionOf(request)));
  });
  app.get('/iptv/supportcase/:id', async (request: Request<{ id: string }>, response) => {
    await supporterOf(request, authSecret);
    const found = await store.read(request.params.id);
    if (found.state === null) throw new NotFoundError({ id: request.params.id, type: STREAM_TYPE });
    answer(response, found);
  });
  app.use(problemAnswer);
  return app;
}

function answer(response: Response, { state, version }: VersionedCase): void {
  response.set('ETag', `W/"${version}"`).json(state);
}

/** The same check as the service's: a valid platform token of an ADMIN. */
async function supporterOf(request: Request, authSecret: string): Promise<DecisionMetadata> {
  const principal = await verifyToken(authSecret, extractToken(request) ?? '');
  if (principal.accessLevel !== 'ADMIN') throw new EmmettError({ errorCode: 403, message: 'ADMIN only' });
  return { now: new Date(), employee: principal.employee, employeeName: principal.name ?? principal.employee };
}

const FIELD_TYPES: Readonly<Record<keyof CaseFields, 'string' | 'boolean'>> = {
  description: 'string',
  device: 'string',
  systemVersion: 'string',
  playMakerVersion: 'string',
  privateInformation: 'string',
  solved: 'boolean',
};

/** Validated no further than the peer needs: fields of the wrong type are left out. */
function updateOf(caseId: string, body: unknown, metadata: DecisionMetadata): UpdateSupportCase {
  if (!isRecord(body)) throw new ValidationError('the body must be a JSON object');
  const fields = Object.fromEntries(
    Object.entries(FIELD_TYPES)
      .filter(([field, type]) => typeof body[field] === type)
      .map(([field]) => [field, body[field]]),
  );
  const answer = isRecord(body.response) && typeof body.response.answer === 'string' ? body.response.answer : undefined;
  const comments = Array.isArray(body.comments) ? body.comments.filter(isRecord).map(newComment) : [];
  return { type: 'UpdateSupportCase', data: { caseId, fields, answer, comments }, metadata };
}

const OBJECT_ID = /^[0-9a-f]{24}$/;

/** A comment as given; its `_id`, when it is one, names the comment to add or edit. */
function newComment(input: Record<string, unknown>): NewComment {
  const files = Array.isArray(input.files) ? input.files.filter(isRecord) : [];
  return {
    _id: typeof input._id === 'string' && OBJECT_ID.test(input._id) ? input._id : newObjectId(),
    comment: String(input.comment ?? ''),
    isSupport: input.isSupport === true,
    files: files.map((file) => ({ _id: newObjectId(), url: String(file.url ?? ''), type: String(file.type ?? '') })),
  };
}

/** If-Match holds the weak ETag the case was read at; without it the handler checks the version it reads. */
function expectedVersionOf(request: Request): ExpectedStreamVersion | undefined {
  const ifMatch = request.get('If-Match');
  if (ifMatch === undefined) return undefined;
  const version = /^(?:W\/)?"(\d+)"$/.exec(ifMatch)?.[1];
  if (version === undefined) throw new ValidationError('If-Match must be an ETag such as W/"3"');
  return BigInt(version);
}

/** Emmett's errors carry their HTTP status as `errorCode`, those of Express's body parser as `status`. */
function problemAnswer(error: unknown, _request: Request, response: Response, _next: NextFunction): void {
  const status = statusOf(error);
  response.status(status).json({ status, detail: error instanceof Error ? error.message : String(error) });
}

function statusOf(error: unknown): number {
  if (error instanceof InvalidTokenError) return 401;
  const { errorCode, status } = (isRecord(error) ? error : {}) as { errorCode?: unknown; status?: unknown };
  const code = errorCode ?? status;
  return typeof code === 'number' && code >= 400 && code < 600 ? code : 500;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
