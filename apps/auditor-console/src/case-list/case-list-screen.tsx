import type { Caller } from '../caller/caller';
import { ProblemMessage } from '../http/problem-message';
import { listCases } from '../http/endpoints';
import { useResource } from '../http/use-resource';
import { useFocusOnMount } from '../focus';
import { CaseFilters, type Filters } from './case-filters';
import { CaseTable } from './case-table';
import { NoAccess } from './no-access';
import { Pager } from './pager';

const PAGE_SIZE = 20;

export interface ListPosition extends Filters {
  offset: number;
}

export const FIRST_PAGE: ListPosition = { offset: 0 };

interface Props {
  caller: Caller;
  position: ListPosition;
  onMove: (position: ListPosition) => void;
}

export function CaseListScreen({ caller, position, onMove }: Props) {
  const { offset, customer, solved } = position;
  const page = useResource(
    (signal) => listCases({ offset, limit: PAGE_SIZE, customer, solved }, signal),
    [offset, customer, solved],
  );
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const denied = page.state === 'failed' && page.error.status === 403;

  return (
    <section aria-labelledby="cases-heading">
      <h1 id="cases-heading" tabIndex={-1} ref={heading}>
        Support cases
      </h1>
      {denied ? (
        <NoAccess caller={caller} detail={page.error.detail} />
      ) : (
        <>
          <CaseFilters filters={{ customer, solved }} onSearch={(filters) => onMove({ ...filters, offset: 0 })} />
          {page.state === 'loading' && <p class="loading">Loading cases…</p>}
          {page.state === 'failed' && <ProblemMessage error={page.error} />}
          {page.state === 'loaded' && (
            <>
              <CaseTable cases={page.value.supportCases} />
              <Pager
                offset={page.value.offset}
                shown={page.value.supportCases.length}
                total={page.value.total}
                pageSize={PAGE_SIZE}
                onMove={(to) => onMove({ ...position, offset: to })}
              />
            </>
          )}
        </>
      )}
    </section>
  );
}
