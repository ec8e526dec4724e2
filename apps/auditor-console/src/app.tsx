import { useEffect, useState } from 'preact/hooks';
import { callerOf, type Caller } from './caller/caller';
import { SignedInAs } from './caller/signed-in-as';
import { forgetToken, storedToken } from './caller/token-cookie';
import { CaseScreen } from './case/case-screen';
import { CaseListScreen, FIRST_PAGE, type ListPosition } from './case-list/case-list-screen';
import { whenUnauthorized } from './http/api';
import { SignInScreen } from './sign-in/sign-in-screen';
import { CASES_HREF, useRoute } from './route';

function signedInCaller(): Caller | undefined {
  const token = storedToken();
  return token === undefined ? undefined : callerOf(token);
}

export function App() {
  const [caller, setCaller] = useState(signedInCaller);
  const [notice, setNotice] = useState<string>();
  const [position, setPosition] = useState<ListPosition>(FIRST_PAGE);
  const route = useRoute();

  const signOut = (why: string) => {
    forgetToken();
    setCaller(undefined);
    setNotice(why);
    setPosition(FIRST_PAGE);
  };
  useEffect(
    () => whenUnauthorized((detail) => signOut(`The service refused the token: ${detail}. Sign in again.`)),
    [],
  );

  if (!caller) {
    return (
      <SignInScreen
        notice={notice}
        onSignedIn={(signedIn) => {
          setNotice(undefined);
          setCaller(signedIn);
        }}
      />
    );
  }
  return (
    <>
      <header class="app-header">
        <a class="app-name" href={CASES_HREF}>
          Auditor's console
        </a>
        <SignedInAs caller={caller} onSignOut={() => signOut('You are signed out.')} />
      </header>
      <main>
        {route.screen === 'case' ? (
          <CaseScreen key={route.id} id={route.id} caller={caller} />
        ) : (
          <CaseListScreen caller={caller} position={position} onMove={setPosition} />
        )}
      </main>
    </>
  );
}
