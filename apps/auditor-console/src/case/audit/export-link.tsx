import { historyExportPath } from '../../http/endpoints';

/** A plain same-origin download: the token cookie authenticates it. */
export function ExportLink({ id }: { id: string }) {
  return (
    <a class="button secondary" href={historyExportPath(id)} download={`supportcase-${id}-history.ndjson`}>
      Export history (NDJSON)
    </a>
  );
}
