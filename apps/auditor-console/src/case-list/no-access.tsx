import { mayReadCases, type Caller } from '../caller/caller';

/** The list's 403 said plainly: a level that reads no cases at all, or the service's reason otherwise. */
export function NoAccess({ caller, detail }: { caller: Caller; detail: string }) {
  return (
    <div class="problem" role="alert">
      <h2>No access to support cases</h2>
      {mayReadCases(caller) ? (
        <p>{detail}</p>
      ) : (
        <p>Your access level, {caller.accessLevel}, has no access to support cases. They are for RESELLER and ADMIN.</p>
      )}
    </div>
  );
}
