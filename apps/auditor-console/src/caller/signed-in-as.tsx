import type { Caller } from './caller';

/** Who is signed in, and the way out. */
export function SignedInAs({ caller, onSignOut }: { caller: Caller; onSignOut: () => void }) {
  return (
    <div class="signed-in">
      <p>
        Signed in as <strong>{caller.name ?? caller.employee}</strong>{' '}
        <span class="access-level" title="access level">
          {caller.accessLevel}
        </span>
      </p>
      <button type="button" class="secondary" onClick={onSignOut}>
        Sign out
      </button>
    </div>
  );
}
