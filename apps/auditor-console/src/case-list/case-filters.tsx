import { useState } from 'preact/hooks';
import type { TargetedSubmitEvent } from 'preact';

export interface Filters {
  customer?: string;
  solved?: boolean;
}

const CUSTOMER_ID = /^[0-9a-f]{24}$/i;

type Status = 'all' | 'open' | 'solved';

const statusOf = (solved?: boolean): Status => (solved === undefined ? 'all' : solved ? 'solved' : 'open');
const solvedOf = (status: Status): boolean | undefined => (status === 'all' ? undefined : status === 'solved');

export function CaseFilters({ filters, onSearch }: { filters: Filters; onSearch: (filters: Filters) => void }) {
  const [customer, setCustomer] = useState(filters.customer ?? '');
  const [status, setStatus] = useState(statusOf(filters.solved));
  const [error, setError] = useState<string>();

  const search = (event: TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const id = customer.trim();
    if (id !== '' && !CUSTOMER_ID.test(id)) {
      setError('A customer id is 24 hex characters (0-9, a-f).');
      return;
    }
    setError(undefined);
    onSearch({ customer: id === '' ? undefined : id.toLowerCase(), solved: solvedOf(status) });
  };

  return (
    <form class="filters" role="search" aria-label="Support cases" onSubmit={search} noValidate>
      <div class="field">
        <label for="customer">Customer id</label>
        <input
          id="customer"
          name="customer"
          type="search"
          autocomplete="off"
          spellcheck={false}
          placeholder="24 hex characters"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'customer-error' : undefined}
          value={customer}
          onInput={(event) => setCustomer(event.currentTarget.value)}
        />
        {error && (
          <p id="customer-error" class="field-error">
            {error}
          </p>
        )}
      </div>
      <div class="field">
        <label for="status">Status</label>
        <select id="status" value={status} onChange={(event) => setStatus(event.currentTarget.value as Status)}>
          <option value="all">All</option>
          <option value="open">Open</option>
          <option value="solved">Solved</option>
        </select>
      </div>
      <button type="submit">Search</button>
    </form>
  );
}
