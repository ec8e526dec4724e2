import type { ApiError } from './api';

/** What went wrong, in the service's own words: the problem's detail, never its JSON. */
export function ProblemMessage({ error }: { error: ApiError }) {
  return (
    <p class="problem" role="alert">
      {error.detail}
    </p>
  );
}
