// A run's event history, newest first: the run detail's latest events, then what the live stream
// announces for this run (read from GET /api/runs/{id}/events?after=<newest>, so nothing is missed
// or repeated), and, on request, the earlier events paged from the start of the history.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, get, seg } from '../api';
import { subscribe } from '../live';
import { ErrorBox } from '../components/status';
import { PreciseTime } from './run_timeline';
import { formatValue } from '../format';
import type { RunEvent } from '../types';

interface EventPage {
  run_id: number;
  events: RunEvent[];
  after: number;
  limit: number;
  next_after: number | null;
  total: number;
}

const OLDER_PAGE = 200;

/** The payload as short "key: value" text (the step is its own column). */
function details(payload: Record<string, unknown> | null): string {
  if (!payload) return '';
  return Object.entries(payload)
    .filter(([k]) => k !== 'step')
    .map(([k, v]) => `${k}: ${typeof v === 'number' ? String(v) : formatValue(v)}`) // ids as they are: "rerun_of: 1008"
    .join(' · ');
}

function Row({ event }: { event: RunEvent }) {
  const step = event.payload && typeof event.payload.step === 'string' ? event.payload.step : '';
  const text = details(event.payload);
  return (
    <tr key={event.id}>
      <td class="num mono">{event.id}</td>
      <td>
        <PreciseTime iso={event.at} />
      </td>
      <td class="mono">{event.type}</td>
      <td>{step || <span class="muted">—</span>}</td>
      <td class="event-details">{text.length > 400 ? `${text.slice(0, 400)}…` : text}</td>
    </tr>
  );
}

/** The event history of run `runId`, starting from the detail's `initial` events (oldest first). */
export function RunEvents({ runId, initial, initialTotal }: { runId: number; initial: RunEvent[]; initialTotal: number }) {
  const [recent, setRecent] = useState<RunEvent[]>(initial);
  const [older, setOlder] = useState<RunEvent[]>([]); // paged from the start of the history
  const [olderAfter, setOlderAfter] = useState(0);
  const [total, setTotal] = useState(initialTotal);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const recentRef = useRef(recent);
  recentRef.current = recent;

  // Live: read what came after the newest event shown (coalesced while a read is under way).
  useEffect(() => {
    let stopped = false;
    let inFlight = false;
    let again = false;
    const catchUp = async () => {
      if (inFlight) {
        again = true;
        return;
      }
      inFlight = true;
      try {
        for (;;) {
          const list = recentRef.current;
          const after = list.length ? list[list.length - 1].id : 0;
          const page = await get<EventPage>(`/api/runs/${seg(runId)}/events`, { after, limit: 1000 });
          if (stopped) return;
          setTotal(page.total);
          if (page.events.length) {
            const merged = list.concat(page.events.filter((e) => e.id > after));
            recentRef.current = merged;
            setRecent(merged);
          }
          if (page.next_after === null) break;
        }
        setError(null);
      } catch (e) {
        if (!stopped) setError(e instanceof ApiError ? e : new ApiError(0, 'client', String(e)));
      } finally {
        inFlight = false;
      }
      if (again && !stopped) {
        again = false;
        void catchUp();
      }
    };
    const unsubscribe = subscribe((event) => {
      if (event === null || event.run === runId) void catchUp();
    });
    void catchUp(); // what happened between the detail's read and this subscription
    return () => {
      stopped = true;
      unsubscribe();
    };
  }, [runId]);

  const oldestRecent = recent.length ? recent[0].id : Number.MAX_SAFE_INTEGER;
  const missing = Math.max(0, total - recent.length - older.length);

  const loadOlder = async () => {
    setBusy(true);
    try {
      const page = await get<EventPage>(`/api/runs/${seg(runId)}/events`, { after: olderAfter, limit: Math.min(OLDER_PAGE, Math.max(1, missing)) });
      const fresh = page.events.filter((e) => e.id < oldestRecent);
      setOlder(older.concat(fresh));
      setOlderAfter(page.events.length ? page.events[page.events.length - 1].id : olderAfter);
      setError(null);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'client', String(e)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <p class="muted" role="status">
        {total.toLocaleString('en-US')} events{recent.length + older.length < total ? `, ${(recent.length + older.length).toLocaleString('en-US')} shown` : ''}; new ones appear at the top as they happen.
      </p>
      <ErrorBox error={error} title="Events" />
      <div class="table-wrap run-events" tabIndex={0} role="region" aria-label={`Events of run ${runId}`}>
        <table>
          <caption class="visually-hidden">Events of run {runId}, newest first</caption>
          <thead>
            <tr>
              <th scope="col" class="num">Id</th>
              <th scope="col">At</th>
              <th scope="col">Type</th>
              <th scope="col">Step</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {[...recent].reverse().map((e) => (
              <Row event={e} />
            ))}
            {missing > 0 && (
              <tr class="gap">
                <td colSpan={5}>
                  {missing.toLocaleString('en-US')} earlier events not shown.{' '}
                  <button type="button" onClick={() => void loadOlder()} disabled={busy}>
                    {busy ? 'Loading…' : `Show ${Math.min(OLDER_PAGE, missing).toLocaleString("en-US")} more, from the start of the history`}
                  </button>
                </td>
              </tr>
            )}
            {[...older].reverse().map((e) => (
              <Row event={e} />
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
