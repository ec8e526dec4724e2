import type { SupportCase } from '../http/support-case';
import { caseHref } from '../route';
import { Time } from '../time';

export function CaseTable({ cases }: { cases: SupportCase[] }) {
  if (cases.length === 0) return <p class="empty">No support case matches.</p>;
  return (
    <table class="cases">
      <caption class="visually-hidden">Support cases, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Case</th>
          <th scope="col">Customer</th>
          <th scope="col">Created</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {cases.map((supportCase) => (
          <CaseRow key={supportCase._id} supportCase={supportCase} />
        ))}
      </tbody>
    </table>
  );
}

function CaseRow({ supportCase }: { supportCase: SupportCase }) {
  const { _id, name, customer, customerName, date } = supportCase;
  return (
    <tr>
      <th scope="row" data-label="Case">
        <a href={caseHref(_id)}>{name ?? `Case ${_id}`}</a>
      </th>
      <td data-label="Customer">
        <div>
          {customerName && <span class="customer-name">{customerName}</span>}
          {customer && <code>{customer}</code>}
        </div>
      </td>
      <td data-label="Created">
        <Time value={date} />
      </td>
      <td data-label="Status">
        <CaseStatus supportCase={supportCase} />
      </td>
    </tr>
  );
}

function CaseStatus({ supportCase }: { supportCase: SupportCase }) {
  return (
    <span class="statuses">
      <span class={`status ${supportCase.solved ? 'status-solved' : 'status-open'}`}>
        {supportCase.solved ? 'Solved' : 'Open'}
      </span>
      {supportCase.erased && <span class="status status-erased">Erased</span>}
    </span>
  );
}
