// The stored log of one step attempt (GET /api/runs/{id}/steps/{step}/log), newest lines first on
// screen, with older lines paged in on request and a live tail while the attempt runs: a live
// event of this run asks for the lines after `next_from` at once, and a re-check on a backoff
// (1 s doubling to 15 s while nothing new arrives) catches lines no event announces. The view
// follows the end unless the user scrolled up ("Follow" toggles it).
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { ApiError, get, seg } from '../api';
import { subscribe } from '../live';
import { ErrorBox, Loading } from '../components/status';

interface StepLog {
  run_id: number;
  step: string;
  attempt: number;
  exec_id: number;
  state: string;
  running: boolean;
  from: number;
  next_from: number;
  total: number;
  lines: string[];
}

const PAGE = 1000; // lines per request
const KEEP = 10_000; // lines kept in the browser; older ones are dropped (and can be paged in again)
const RECHECK_MIN = 1000;
const RECHECK_MAX = 15_000;

interface LogState {
  lines: string[];
  first: number; // line number of lines[0]
  next: number; // next_from: where the tail continues
  total: number;
  running: boolean;
  state: string;
}

const toError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0, 'client', String(e)));

/** One attempt's log with paging to older lines and a live tail while it runs. */
export function StepLogView({ runId, step, attempt }: { runId: number; step: string; attempt: number }) {
  const [log, setLog] = useState<LogState | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [follow, setFollow] = useState(true);
  const [olderBusy, setOlderBusy] = useState(false);
  const box = useRef<HTMLPreElement>(null);
  const current = useRef<LogState | null>(null);
  const keepScroll = useRef<number | null>(null); // scrollHeight before older lines were prepended
  const followRef = useRef(follow);
  followRef.current = follow;
  const path = `/api/runs/${seg(runId)}/steps/${seg(step)}/log`;

  const adopt = (next: LogState) => {
    current.current = next;
    setLog(next);
  };

  useEffect(() => {
    let stopped = false;
    let inFlight = false;
    let again = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let delay = RECHECK_MIN;
    current.current = null;
    setLog(null);
    setError(null);
    setFollow(true);

    const schedule = () => {
      if (timer) clearTimeout(timer);
      timer = null;
      const s = current.current;
      if (stopped || !s || (!s.running && s.next >= s.total)) return;
      // Not while the tab is hidden: showing it again delivers a live reload hint, which tails.
      if (document.visibilityState === 'hidden') return;
      timer = setTimeout(() => void tail(), delay);
    };

    // The last PAGE lines: one request, or two when the log is longer than a page.
    const first = async () => {
      try {
        let r = await get<StepLog>(path, { attempt, from: 0, size: PAGE });
        if (r.total > r.next_from) r = await get<StepLog>(path, { attempt, from: Math.max(0, r.total - PAGE), size: PAGE });
        if (stopped) return;
        adopt({ lines: r.lines, first: r.from, next: r.next_from, total: r.total, running: r.running, state: r.state });
        setError(null);
      } catch (e) {
        if (!stopped) setError(toError(e));
      }
      schedule();
    };

    // The lines after `next`, until none are left; coalesces calls made while one is under way.
    const tail = async () => {
      if (inFlight) {
        again = true;
        return;
      }
      const s = current.current;
      if (!s) return;
      inFlight = true;
      let grew = false;
      try {
        for (;;) {
          const base = current.current!;
          const r = await get<StepLog>(path, { attempt, from: base.next, size: PAGE });
          if (stopped) return;
          let lines = r.lines.length ? base.lines.concat(r.lines) : base.lines;
          let firstLine = base.first;
          if (lines.length > KEEP) {
            firstLine += lines.length - KEEP;
            lines = lines.slice(lines.length - KEEP);
          }
          if (r.lines.length) grew = true;
          adopt({ lines, first: firstLine, next: r.next_from, total: r.total, running: r.running, state: r.state });
          if (r.lines.length === 0 || r.next_from >= r.total) break;
        }
        setError(null);
      } catch (e) {
        if (!stopped) setError(toError(e));
      } finally {
        inFlight = false;
      }
      delay = grew ? RECHECK_MIN : Math.min(delay * 2, RECHECK_MAX);
      if (again) {
        again = false;
        void tail();
      } else schedule();
    };

    void first();
    const unsubscribe = subscribe((event) => {
      if (event && event.run !== runId) return;
      const s = current.current;
      if (!s || (!s.running && s.next >= s.total)) return;
      delay = RECHECK_MIN;
      void tail();
    });
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      unsubscribe();
    };
  }, [runId, step, attempt]);

  // Follow the end; after older lines were prepended, keep the lines the user was reading in place.
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    if (keepScroll.current !== null) {
      el.scrollTop += el.scrollHeight - keepScroll.current;
      keepScroll.current = null;
    } else if (followRef.current) {
      el.scrollTop = el.scrollHeight;
    }
  }, [log]);

  const onScroll = () => {
    const el = box.current;
    if (!el) return;
    const atEnd = el.scrollTop + el.clientHeight >= el.scrollHeight - 8;
    if (atEnd !== followRef.current) setFollow(atEnd);
  };

  const toggleFollow = () => {
    const next = !follow;
    setFollow(next);
    if (next && box.current) box.current.scrollTop = box.current.scrollHeight;
  };

  const loadOlder = async () => {
    const s = current.current;
    if (!s || s.first === 0) return;
    setOlderBusy(true);
    try {
      const from = Math.max(0, s.first - PAGE);
      const r = await get<StepLog>(path, { attempt, from, size: s.first - from });
      const now = current.current!;
      keepScroll.current = box.current?.scrollHeight ?? null;
      adopt({ ...now, lines: r.lines.concat(now.lines), first: from });
      setError(null);
    } catch (e) {
      setError(toError(e));
    } finally {
      setOlderBusy(false);
    }
  };

  const label = `Log of step ${step}, attempt ${attempt}`;
  const live = !!log && (log.running || log.next < log.total);
  return (
    <div class="run-log">
      <div class="run-log-bar">
        <span class="muted" role="status">
          {!log
            ? ''
            : log.total === 0
              ? live
                ? 'No lines yet · live: new lines appear as the step writes them'
                : 'No log lines were stored for this attempt.'
              : `Lines ${(log.lines.length ? log.first + 1 : log.first).toLocaleString('en-US')}–${(log.first + log.lines.length).toLocaleString('en-US')} of ${log.total.toLocaleString('en-US')}${live ? ' · live: new lines appear as the step writes them' : ' · the attempt has ended'}`}
        </span>
        {log && log.first > 0 && (
          <button type="button" onClick={() => void loadOlder()} disabled={olderBusy}>
            {olderBusy ? 'Loading…' : `Load earlier lines (${Math.min(PAGE, log.first).toLocaleString('en-US')})`}
          </button>
        )}
        {live && (
          <button type="button" aria-pressed={follow} onClick={toggleFollow} title="Keep the newest line in view">
            Follow
          </button>
        )}
      </div>
      <ErrorBox error={error} title="Log" />
      {!log && !error && <Loading what="Loading the log" />}
      {log && (log.lines.length > 0 || live) && (
        <pre class="log" ref={box} tabIndex={0} aria-label={label} onScroll={onScroll} data-first-line={log.first}>
          {log.lines.join('\n')}
          {live && log.lines.length === 0 ? 'Waiting for the first lines…' : ''}
        </pre>
      )}
    </div>
  );
}
