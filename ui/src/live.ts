// Live updates from GET /api/events (Server-Sent Events, docs/api.md "Live events").
//
// One EventSource for the whole page, shared by every screen. It resumes with Last-Event-ID after
// a drop (the browser sends it; nothing is lost), is closed while the tab is hidden and reopened
// with `after=<last id>` when it is shown again, and when the stream cannot be had (refused, or
// failing repeatedly) the screens are asked to reload on a backoff timer (2 s doubling to 60 s)
// while the stream is retried: never a fixed short poll.
import { useEffect, useRef, useState } from 'preact/hooks';

/** One stored event as the stream sends it. */
export interface LiveEvent {
  id: number;
  run: number;
  step: string | null;
  type: string;
  at: string;
  payload: Record<string, unknown> | null;
}

/** How fresh the page is: streaming, reconnecting, polling as a fallback, or paused (hidden tab). */
export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'polling' | 'paused' | 'off';

type Listener = (event: LiveEvent | null) => void; // null: "something may have changed" (poll tick)

const listeners = new Set<Listener>();
const statusListeners = new Set<(s: LiveStatus) => void>();
let source: EventSource | null = null;
let lastId = 0;
let status: LiveStatus = 'off';
let failures = 0;
let pollTimer: ReturnType<typeof setTimeout> | null = null;
let pollDelay = 2000;

function setStatus(next: LiveStatus) {
  if (next === status) return;
  status = next;
  statusListeners.forEach((l) => l(next));
}

function deliver(event: LiveEvent | null) {
  listeners.forEach((l) => {
    try {
      l(event);
    } catch (e) {
      console.error('live event listener failed', e);
    }
  });
}

function close() {
  source?.close();
  source = null;
  if (pollTimer) clearTimeout(pollTimer);
  pollTimer = null;
}

// Falls back to polling: every tick asks the screens to reload, then tries the stream again.
function startPolling() {
  close();
  setStatus('polling');
  pollTimer = setTimeout(() => {
    pollTimer = null;
    deliver(null);
    pollDelay = Math.min(pollDelay * 2, 60_000);
    open();
  }, pollDelay);
}

function open() {
  if (listeners.size === 0 || document.visibilityState === 'hidden') return;
  close();
  setStatus(status === 'off' || status === 'paused' ? 'connecting' : 'reconnecting');
  // `after` resumes where this page left off; the browser sends Last-Event-ID on its own reconnects.
  const es = new EventSource(lastId > 0 ? `/api/events?after=${lastId}` : '/api/events');
  source = es;
  es.onopen = () => {
    const resumed = status === 'polling' || status === 'reconnecting';
    failures = 0;
    pollDelay = 2000;
    setStatus('live');
    if (resumed && lastId === 0) deliver(null); // nothing to resume from: reload once
  };
  es.onmessage = (m) => handle(m);
  // Named events (`event: step.succeeded`) do not reach onmessage; listen to the families.
  for (const type of knownTypes) es.addEventListener(type, handle as EventListener);
  es.onerror = () => {
    failures += 1;
    if (es.readyState === EventSource.CLOSED || failures >= 3) startPolling();
    else setStatus('reconnecting');
  };
}

function handle(message: MessageEvent) {
  try {
    const event = JSON.parse(message.data) as LiveEvent;
    if (typeof event.id === 'number' && event.id > lastId) lastId = event.id;
    deliver(event);
  } catch {
    // A malformed message is skipped; the next one still arrives.
  }
}

// docs/engine.md, "Events": every type the engine commits.
const knownTypes = [
  'run.created', 'run.started', 'run.succeeded', 'run.failed', 'run.cancel_requested', 'run.cancelled',
  'step.started', 'step.succeeded', 'step.failed', 'step.timed_out', 'step.skipped', 'step.cancelled',
  'step.waiting', 'step.retry_scheduled', 'step.warning',
  'livy.intent', 'livy.submitted', 'livy.reattached', 'livy.state', 'livy.app_info', 'livy.statement',
  'livy.statement_cancelled', 'livy.deleted', 'livy.kept_open', 'livy.warning',
  'task.opened', 'task.reminder', 'task.escalated', 'task.completed', 'task.timed_out', 'task.cancelled',
];

document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') {
    close();
    if (listeners.size > 0) setStatus('paused');
  } else if (listeners.size > 0) {
    open();
    deliver(null); // catch up on what the paused page may have missed in lists it shows
  }
});

/** Subscribes to every live event (null = reload hint); returns the unsubscribe function. */
export function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  if (!source && !pollTimer) open();
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      close();
      setStatus('off');
    }
  };
}

/** The stream's status, for the indicator in the header. */
export function useLiveStatus(): LiveStatus {
  const [s, set] = useState(status);
  useEffect(() => {
    statusListeners.add(set);
    set(status);
    return () => {
      statusListeners.delete(set);
    };
  }, []);
  return s;
}

/**
 * Calls `reload` when an event that `matches` arrives (coalesced: at most once per 300 ms) and on
 * every fallback poll tick. `matches` defaults to every event.
 */
export function useLiveRefresh(reload: () => void, matches?: (event: LiveEvent) => boolean): void {
  const latest = useRef({ reload, matches });
  latest.current = { reload, matches };
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const unsubscribe = subscribe((event) => {
      if (event && latest.current.matches && !latest.current.matches(event)) return;
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        latest.current.reload();
      }, 300);
    });
    return () => {
      if (timer) clearTimeout(timer);
      unsubscribe();
    };
  }, []);
}
