interface Props {
  offset: number;
  /** How many cases this page holds. */
  shown: number;
  total: number;
  pageSize: number;
  onMove: (offset: number) => void;
}

/** Previous and next, and where this page stands: "21–40 of 123". */
export function Pager({ offset, shown, total, pageSize, onMove }: Props) {
  const range = shown === 0 ? `0 of ${total}` : `${offset + 1}–${offset + shown} of ${total}`;
  return (
    <nav class="pager" aria-label="Pages">
      <button
        type="button"
        class="secondary"
        disabled={offset === 0}
        onClick={() => onMove(Math.max(0, offset - pageSize))}
      >
        Previous
      </button>
      <p aria-live="polite">{range}</p>
      <button
        type="button"
        class="secondary"
        disabled={offset + shown >= total}
        onClick={() => onMove(offset + pageSize)}
      >
        Next
      </button>
    </nav>
  );
}
