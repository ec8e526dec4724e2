import type { Actor } from './decision-context';
import type { SupportCase } from './support-case';

/** Who a viewer is, for deciding what of a case it may see. */
export type Viewer = Pick<Actor, 'employee' | 'customer' | 'accessLevel'>;

/** A RESELLER sees the cases it opened and those of its own customer id; ADMIN sees all. */
export function canSee(viewer: Viewer, supportCase: SupportCase): boolean {
  if (viewer.accessLevel === 'ADMIN') return true;
  if (viewer.accessLevel !== 'RESELLER') return false;
  const customer = viewer.customer.toLowerCase();
  return supportCase.owner === customer || supportCase.customer === customer;
}
