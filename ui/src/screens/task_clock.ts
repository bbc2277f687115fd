// "Now" for time-left texts: re-renders the screen every `everyMs` (a local clock, no API call),
// so "3 min left" becomes "2 min left" and a deadline turns overdue without a reload.
import { useEffect, useState } from 'preact/hooks';

/** The current time in ms, refreshed every `everyMs` (default 30 s). */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
