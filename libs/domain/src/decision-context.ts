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
