import { canonicalField, newComment, newResponse } from './case-parts';
import { isoDate, withoutUndefined } from './canonical-values';
import type { DecisionContext } from './decision-context';
import { DomainError } from './errors';
import type { SupportCaseCreated } from './events';
import { REPLACEABLE_FIELDS, type SupportCaseInput } from './inputs';
import type { SupportCase, SupportCaseState } from './support-case';

export interface CreateSupportCase {
  /** The case id: the caller's `_id` or one the service generated. */
  id: string;
  input: SupportCaseInput & { name: string };
}

/** Only support staff answer, solve or comment on behalf of others when a case is opened. */
const FIELDS_RESELLERS_MAY_NOT_SET = ['response', 'solved', 'comments'] as const;

export function decideCreate(
  state: SupportCaseState,
  command: CreateSupportCase,
  context: DecisionContext,
): [SupportCaseCreated] {
  const isAdmin = context.actor.accessLevel === 'ADMIN';
  if (!isAdmin) refuseStaffOnlyFields(command.input);
  if (state !== null) throw new DomainError('conflict', 'a support case with this _id already exists', '/_id');
  const supportCase = isAdmin ? openedByAdmin(command, context) : openedByReseller(command, context);
  return [{ type: 'SupportCaseCreated', data: { supportCase } }];
}

function refuseStaffOnlyFields(input: SupportCaseInput): void {
  const field = FIELDS_RESELLERS_MAY_NOT_SET.find((name) => input[name] !== undefined && input[name] !== null);
  if (field) throw new DomainError('access_denied', `a RESELLER may not set ${field}`, `/${field}`);
}

function openedByReseller(command: CreateSupportCase, context: DecisionContext) {
  const { actor } = context;
  return baseCase(command, context, {
    employee: actor.employee.toLowerCase(),
    employeeName: actor.employeeName,
    date: context.now,
  });
}

function openedByAdmin(command: CreateSupportCase, context: DecisionContext) {
  const { input } = command;
  return {
    ...baseCase(command, context, {
      employee: (input.employee ?? context.actor.employee).toLowerCase(),
      employeeName: input.employeeName ?? context.actor.employeeName,
      date: input.date === undefined ? context.now : isoDate(input.date),
    }),
    ...withoutUndefined({
      solved: input.solved ?? false,
      response: input.response ? newResponse(input.response, context) : undefined,
      comments: (input.comments ?? []).map((comment) => newComment(comment, context)),
    }),
  };
}

type Author = Pick<SupportCase, 'employee' | 'employeeName' | 'date'>;

function baseCase(
  { id, input }: CreateSupportCase,
  context: DecisionContext,
  author: Author,
): Omit<SupportCase, 'lastUpdated'> {
  const fields: Partial<SupportCase> = Object.fromEntries(
    REPLACEABLE_FIELDS.map((field) => [field, canonicalField(field, input[field], context.newId)]),
  );
  const owner = context.actor.customer.toLowerCase();
  const customer = (input.customer ?? owner).toLowerCase();
  return withoutUndefined({
    ...fields,
    _id: id.toLowerCase(),
    owner,
    name: input.name,
    customer,
    // The token names its own company only: a case for another customer keeps the name given, or none.
    customerName: input.customerName ?? (customer === owner ? context.actor.customerName : undefined),
    ...author,
    solved: false,
    files: fields.files ?? [],
    comments: [],
  });
}
