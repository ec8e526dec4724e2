import type { AttachedFile } from './support-case';

export type ActorAccessLevel = 'VIEWER' | 'MANAGER' | 'OWNER' | 'RESELLER' | 'RESELLER_ADMIN' | 'ADMIN';

/** Who issues a command, as the token says. */
export interface Actor {
  employee: string;
  employeeName?: string;
  customer: string;
  customerName?: string;
  accessLevel: ActorAccessLevel;
}

/** Everything a decision needs from outside: who, when, and how new ids are made. */
export interface DecisionContext {
  actor: Actor;
  now: string;
  newId: () => string;
}

export interface FileInput {
  _id?: string;
  id?: string;
  url: string;
  type: AttachedFile['type'];
}

export function attachFiles(files: readonly FileInput[], newId: () => string): AttachedFile[] {
  return files.map((file) => ({
    _id: (file._id ?? file.id ?? newId()).toLowerCase(),
    url: file.url,
    type: file.type,
  }));
}
