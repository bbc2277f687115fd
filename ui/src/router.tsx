// Client-side routing on plain paths (/runs/12, /tasks/7, /models/risk:churn) with the History
// API, so links in notifications deep-link; the server answers index.html for every such path.
import { createContext } from 'preact';
import type { ComponentChildren, JSX } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';

/** Where the browser is: the path and the query. */
export interface Location {
  path: string;
  query: URLSearchParams;
  href: string; // path + search, e.g. "/runs?state=failed"
}

const read = (): Location => ({
  path: window.location.pathname,
  query: new URLSearchParams(window.location.search),
  href: window.location.pathname + window.location.search,
});

const changed = 'steward:navigate';

/** Goes to `to` (a same-origin path with an optional query) without reloading the page. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === read().href) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(changed));
  if (!options.replace) window.scrollTo(0, 0);
}

/** Replaces the query of the current location (filters, pages) without a new history entry. */
export function setQuery(values: Record<string, string | number | undefined | null>): void {
  const query = new URLSearchParams(window.location.search);
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === null || value === '') query.delete(key);
    else query.set(key, String(value));
  }
  const search = query.toString();
  navigate(window.location.pathname + (search ? '?' + search : ''), { replace: true });
}

const LocationContext = createContext<Location>({ path: '/', query: new URLSearchParams(), href: '/' });

/** Provides the current location to `useLocation`, following back/forward and `navigate`. */
export function RouterProvider({ children }: { children: ComponentChildren }) {
  const [location, setLocation] = useState(read);
  useEffect(() => {
    const update = () => setLocation(read());
    window.addEventListener('popstate', update);
    window.addEventListener(changed, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(changed, update);
    };
  }, []);
  return <LocationContext.Provider value={location}>{children}</LocationContext.Provider>;
}

/** The current location; re-renders on navigation. */
export const useLocation = () => useContext(LocationContext);

/**
 * Matches `path` against `pattern` ("/runs/:id"); returns the decoded params, or null.
 * A trailing slash is ignored.
 */
export function match(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const got = path.split('/').filter(Boolean);
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) {
      try {
        params[want[i].slice(1)] = decodeURIComponent(got[i]);
      } catch {
        return null;
      }
    } else if (want[i] !== got[i]) return null;
  }
  return params;
}

/** An in-app link: a real `<a href>` (open in new tab works) that navigates without a reload. */
export function Link(props: JSX.HTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const { href, onClick, ...rest } = props;
  return (
    <a
      href={href}
      onClick={(event) => {
        if (onClick) (onClick as (e: MouseEvent) => void)(event as unknown as MouseEvent);
        if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
          return;
        event.preventDefault();
        navigate(href);
      }}
      {...rest}
    />
  );
}
