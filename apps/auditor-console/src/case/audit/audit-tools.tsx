import type { SupportCase } from '../../http/support-case';
import { EraseControl } from '../erase/erase-control';
import { ExportLink } from './export-link';
import { VerificationBadge } from './verification-badge';

interface Props {
  id: string;
  current: SupportCase;
  onErased: (erased: SupportCase) => void;
}

/** The auditor's tools for one case: its proof, its export and, until done, its erasure. */
export function AuditTools({ id, current, onErased }: Props) {
  return (
    <section class="audit-tools" aria-label="Audit">
      <VerificationBadge id={id} />
      <div class="actions">
        <ExportLink id={id} />
        {!current.erased && <EraseControl id={id} onErased={onErased} />}
      </div>
    </section>
  );
}
