// Previous/next paging over the API's limit/offset lists.

interface PagerProps {
  offset: number;
  limit: number;
  /** The API's next_offset, or null/undefined at the end; when absent, `count < limit` ends it. */
  nextOffset?: number | null;
  count: number;
  total?: number;
  onPage(offset: number): void;
  label?: string;
}

/** "Showing 51–100 of 1,000" with Previous and Next buttons. */
export function Pager({ offset, limit, nextOffset, count, total, onPage, label = 'Pages' }: PagerProps) {
  const hasNext = nextOffset !== undefined ? nextOffset !== null : count >= limit;
  const first = count === 0 ? 0 : offset + 1;
  return (
    <nav class="pager" aria-label={label}>
      <button type="button" disabled={offset === 0} onClick={() => onPage(Math.max(0, offset - limit))}>
        ← Previous
      </button>
      <span aria-live="polite">
        {count === 0 ? 'Nothing here' : `Showing ${first.toLocaleString('en-US')}–${(offset + count).toLocaleString('en-US')}`}
        {total !== undefined ? ` of ${total.toLocaleString('en-US')}` : ''}
      </span>
      <button type="button" disabled={!hasNext} onClick={() => onPage(nextOffset ?? offset + limit)}>
        Next →
      </button>
    </nav>
  );
}
