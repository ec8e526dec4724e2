import { useEffect, useRef, useState } from 'preact/hooks';
import { isAdmin, type Caller } from '../caller/caller';
import { ProblemMessage } from '../http/problem-message';
import type { SupportCase } from '../http/support-case';
import { caseHistory, getCase, type CasePoint } from '../http/endpoints';
import { useResource } from '../http/use-resource';
import { CASES_HREF } from '../route';
import { AuditTools } from './audit/audit-tools';
import { CaseDocument } from './case-document';
import { TimeTravel } from './time-travel/time-travel';
import { Timeline } from './timeline/timeline';

export function CaseScreen({ id, caller }: { id: string; caller: Caller }) {
  const loaded = useResource(async (signal) => (await getCase(id, undefined, signal)).body, [id]);
  // The erasure's answer is the case now: the read model may not have caught up with it yet.
  const [erased, setErased] = useState<SupportCase>();
  const heading = useRef<HTMLHeadingElement>(null);
  // The heading takes the focus as the case opens, and again once it is erased: the dialog's opener is gone.
  useEffect(() => heading.current?.focus(), [erased]);
  const current = erased ?? (loaded.state === 'loaded' ? loaded.value : undefined);

  return (
    <article class="case-screen" aria-labelledby="case-heading">
      <p>
        <a href={CASES_HREF}>← All support cases</a>
      </p>
      <h1 id="case-heading" tabIndex={-1} ref={heading}>
        {current?.name ?? `Case ${id}`}
      </h1>
      <p class="case-id">
        Case id <code>{id}</code>
      </p>
      {loaded.state === 'loading' && <p class="loading">Loading the case…</p>}
      {loaded.state === 'failed' && <ProblemMessage error={loaded.error} />}
      {current &&
        (isAdmin(caller) ? (
          <AdminCaseView key={erased ? 'erased' : 'loaded'} id={id} current={current} onErased={setErased} />
        ) : (
          <CaseView current={current} />
        ))}
    </article>
  );
}

/** What the API shows a RESELLER: the case now; the rest of the screen is ADMIN-only. */
function CaseView({ current }: { current: SupportCase }) {
  return (
    <>
      <p class="note">
        The case's history, its timeline, time travel, verification, export and erasure are for ADMIN only.
      </p>
      <section aria-labelledby="document-heading">
        <h2 id="document-heading">The case</h2>
        <CaseDocument supportCase={current} />
      </section>
    </>
  );
}

interface AdminProps {
  id: string;
  current: SupportCase;
  onErased: (erased: SupportCase) => void;
}

function AdminCaseView({ id, current, onErased }: AdminProps) {
  const history = useResource((signal) => caseHistory(id, signal), [id]);
  const [point, setPoint] = useState<CasePoint>();
  const events = history.state === 'loaded' ? history.value.events : [];

  return (
    <>
      <AuditTools id={id} current={current} onErased={onErased} />
      {history.state === 'failed' && <ProblemMessage error={history.error} />}
      <div class="case-layout">
        <section aria-labelledby="document-heading">
          <h2 id="document-heading">The case</h2>
          <TimeTravel id={id} events={events} current={current} point={point} onTravel={setPoint} />
        </section>
        {history.state === 'loading' && <p class="loading">Loading the history…</p>}
        {history.state === 'loaded' && (
          <Timeline id={id} events={events} onShowRevision={(revision) => setPoint({ revision })} />
        )}
      </div>
    </>
  );
}
