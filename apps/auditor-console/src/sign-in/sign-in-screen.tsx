import { useState } from 'preact/hooks';
import type { TargetedSubmitEvent } from 'preact';
import { callerOf, type Caller } from '../caller/caller';
import { storeToken } from '../caller/token-cookie';
import { useFocusOnMount } from '../focus';

interface Props {
  /** Why the caller is here again, e.g. the service refused the token. */
  notice?: string;
  onSignedIn: (caller: Caller) => void;
}

export function SignInScreen({ notice, onSignedIn }: Props) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string>();
  const heading = useFocusOnMount<HTMLHeadingElement>();

  const signIn = (event: TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const pasted = token.trim();
    const caller = callerOf(pasted);
    if (!caller) {
      setError('This is not a platform token: paste the whole JWT, three parts separated by dots.');
      return;
    }
    storeToken(pasted);
    onSignedIn(caller);
  };

  return (
    <main class="sign-in">
      <h1 tabIndex={-1} ref={heading}>
        Auditor's console
      </h1>
      <p>The support cases of the IPTV platform: their history, as it stood at any time, and its proof.</p>
      {notice && (
        <p class="notice" role="alert">
          {notice}
        </p>
      )}
      <form onSubmit={signIn} noValidate>
        <h2>Sign in</h2>
        <label for="token">Token</label>
        <p id="token-hint" class="hint">
          Paste a platform token (JWT). It is kept in a cookie for this site only.
        </p>
        <textarea
          id="token"
          name="token"
          rows={5}
          spellcheck={false}
          autocomplete="off"
          aria-describedby={error ? 'token-hint token-error' : 'token-hint'}
          aria-invalid={error ? true : undefined}
          value={token}
          onInput={(event) => setToken(event.currentTarget.value)}
        />
        {error && (
          <p id="token-error" class="field-error">
            {error}
          </p>
        )}
        <button type="submit">Sign in</button>
      </form>
    </main>
  );
}
