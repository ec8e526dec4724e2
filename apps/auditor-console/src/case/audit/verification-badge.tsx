import type { ChainVerdict, SignedTreeHead } from '../../http/support-case';
import { newestTreeHead, verifyHistory } from '../../http/endpoints';
import { ProblemMessage } from '../../http/problem-message';
import { useResource } from '../../http/use-resource';
import { countOf } from '../case-fields';

/** Whether the case's hash chain holds, and which signed head vouches for it. */
export function VerificationBadge({ id }: { id: string }) {
  const verification = useResource(
    async (signal) => {
      const [verdict, head] = await Promise.all([verifyHistory(id, signal), newestTreeHead(signal)]);
      return { verdict, head };
    },
    [id],
  );
  if (verification.state === 'loading') {
    return (
      <p class="badge" role="status">
        Verifying the history…
      </p>
    );
  }
  if (verification.state === 'failed') return <ProblemMessage error={verification.error} />;
  const { verdict, head } = verification.value;
  return (
    <p class={`badge ${verdict.ok ? 'badge-ok' : 'badge-broken'}`} role="status">
      {verdict.ok ? <Verified verdict={verdict} head={head} /> : <Broken verdict={verdict} />}
    </p>
  );
}

function Verified({ verdict, head }: { verdict: ChainVerdict; head?: SignedTreeHead }) {
  const { sealedBy } = verdict;
  return (
    <>
      <strong>✓ Verified</strong>, {countOf(verdict.events, 'event')},{' '}
      {sealedBy ? <SealedBy sealedBy={sealedBy} events={verdict.events} /> : notSealedYet(head)}
    </>
  );
}

/** Events appended since the newest head are not under it yet: it vouches for the case up to its sealed revision. */
function SealedBy({ sealedBy, events }: { sealedBy: NonNullable<ChainVerdict['sealedBy']>; events: number }) {
  const upTo = sealedBy.revision < events - 1 ? `up to revision ${sealedBy.revision} ` : '';
  return (
    <>
      sealed {upTo}by the head of size {sealedBy.treeSize} signed by key <code>{sealedBy.keyId}</code>
    </>
  );
}

function notSealedYet(head?: SignedTreeHead): string {
  return head
    ? `not sealed yet: the newest head, of size ${head.treeSize}, does not cover them`
    : 'not sealed yet: no head is signed yet';
}

function Broken({ verdict }: { verdict: ChainVerdict }) {
  return (
    <>
      <strong>✗ Broken</strong> at revision {verdict.brokenAt}: {verdict.reason}
    </>
  );
}
