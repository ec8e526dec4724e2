import { useEffect, useState } from 'preact/hooks';

/** The screen the address names: kept in the fragment, so it never reaches the server. */
export type Route = { readonly screen: 'cases' } | { readonly screen: 'case'; readonly id: string };

export const CASES_HREF = '#/';

export function caseHref(id: string): string {
  return `#/cases/${encodeURIComponent(id)}`;
}

/** Any address that names no case, or names it badly, is the list. */
function routeOf(hash: string): Route {
  const match = /^#\/cases\/([^/]+)$/.exec(hash);
  try {
    return match ? { screen: 'case', id: decodeURIComponent(match[1]) } : { screen: 'cases' };
  } catch {
    return { screen: 'cases' };
  }
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => routeOf(location.hash));
  useEffect(() => {
    const follow = () => setRoute(routeOf(location.hash));
    addEventListener('hashchange', follow);
    return () => removeEventListener('hashchange', follow);
  }, []);
  return route;
}
