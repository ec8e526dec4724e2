import type { Actor, DecisionContext } from '../decision-context';
import type { SupportCase } from '../support-case';

/** The fixed clock of every decision in the specs. */
export const NOW = '2024-05-06T07:08:09.000Z';

export const CASE_ID = 'ca5e00000000000000000001';

export const admin: Actor = {
  employee: 'ad0000000000000000000e01',
  employeeName: 'Ada Admin',
  customer: 'ad0000000000000000000c01',
  customerName: 'PlayMaker',
  accessLevel: 'ADMIN',
};

export const reseller: Actor = {
  employee: 'ee0000000000000000000e02',
  employeeName: 'Rita Reseller',
  customer: 'ee0000000000000000000c02',
  customerName: 'Rita Resale ApS',
  accessLevel: 'RESELLER',
};

/** A reseller that neither owns the fixture case nor is its customer. */
export const otherReseller: Actor = {
  employee: 'ff0000000000000000000e03',
  employeeName: 'Otto Other',
  customer: 'ff0000000000000000000c03',
  customerName: 'Other ApS',
  accessLevel: 'RESELLER',
};

/** The customer a reseller opens cases for. */
export const END_CUSTOMER = 'cc0000000000000000000c04';

/** A fixed clock, and ids 000…001, 000…002, … in the order the decision asks for them. */
export function contextFor(actor: Actor, now = NOW): DecisionContext {
  let issued = 0;
  return { actor, now, newId: () => String(++issued).padStart(24, '0') };
}

/** The first and second id `contextFor` hands out. */
export const NEW_ID_1 = '000000000000000000000001';
export const NEW_ID_2 = '000000000000000000000002';

export const COMMENT_ID = 'c0000000000000000000000a';

/** The case a reseller opened for its end customer, with one comment by that customer. */
export function openCase(overrides: Partial<Omit<SupportCase, 'lastUpdated'>> = {}): Omit<SupportCase, 'lastUpdated'> {
  return {
    _id: CASE_ID,
    owner: reseller.customer,
    name: 'No picture',
    description: 'The screen stays black',
    customer: END_CUSTOMER,
    customerName: 'Hansen Boligforening ApS',
    employee: reseller.employee,
    employeeName: reseller.employeeName,
    solved: false,
    date: '2023-12-24T18:00:00.000Z',
    device: 'APPLETV',
    privateInformation: 'Call Gertrud on +45 8888 9977',
    files: [{ _id: 'f00000000000000000000001', url: 'https://image.telecomx.dk/a.jpeg', type: 'IMAGE' }],
    comments: [
      {
        _id: COMMENT_ID,
        comment: 'Still black',
        date: '2023-12-25T09:00:00.000Z',
        customer: reseller.customer,
        customerName: reseller.customerName,
        employee: reseller.employee,
        employeeName: reseller.employeeName,
        isSupport: false,
        files: [],
      },
    ],
    ...overrides,
  };
}
