// Steward's web UI: the shell (header, navigation, who is signed in, live status) and the route
// table. Screens load lazily, so the first page ships only what it needs (charts come with the
// model and report pages).
import { render } from 'preact';
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { get } from './api';
import { useLiveRefresh, useLiveStatus } from './live';
import { Link, match, navigate, RouterProvider, useLocation } from './router';
import { SessionProvider, useSession } from './session';
import { Loading } from './components/status';
import SignIn from './screens/signin';
import { safeNext } from './screens/signin_next';
import './styles.css';

type ScreenModule = { default: ComponentType<{ params: Record<string, string> }> };

/** The route table: a path pattern, the screen module, and the navigation entry it belongs to. */
const routes: { pattern: string; load: () => Promise<ScreenModule>; nav: string }[] = [
  { pattern: '/inbox', load: () => import('./screens/inbox'), nav: 'inbox' },
  { pattern: '/tasks/:id', load: () => import('./screens/task'), nav: 'inbox' },
  { pattern: '/runs', load: () => import('./screens/runs'), nav: 'runs' },
  { pattern: '/runs/:id', load: () => import('./screens/run'), nav: 'runs' },
  { pattern: '/workflows', load: () => import('./screens/workflows'), nav: 'workflows' },
  { pattern: '/workflows/:name', load: () => import('./screens/workflow'), nav: 'workflows' },
  { pattern: '/models', load: () => import('./screens/models'), nav: 'models' },
  { pattern: '/models/:model', load: () => import('./screens/model'), nav: 'models' },
  { pattern: '/reports', load: () => import('./screens/reports'), nav: 'reports' },
  { pattern: '/reports/:id', load: () => import('./screens/report'), nav: 'reports' },
];

const loaded = new Map<string, ScreenModule>();

/** Loads a screen's module once and renders it; a failed load (a new deployment) says so. */
function LazyScreen({ route, params }: { route: (typeof routes)[number]; params: Record<string, string> }) {
  const [module, setModule] = useState<ScreenModule | undefined>(loaded.get(route.pattern));
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (module) return;
    route
      .load()
      .then((m) => {
        loaded.set(route.pattern, m);
        setModule(m);
      })
      .catch(() => setFailed(true));
  }, [route.pattern]);
  if (failed)
    return (
      <p class="alert alert-error" role="alert">
        This page could not be loaded (the server may have been upgraded). <a href={window.location.href}>Reload</a>
      </p>
    );
  if (!module) return <Loading />;
  const Screen = module.default;
  return <Screen params={params} />;
}

/** The open-task count in the navigation: the inbox's own default query (for=answerable, open). */
function InboxBadge() {
  const [total, setTotal] = useState<number | null>(null);
  const load = () =>
    get<{ total?: number; tasks: unknown[] }>('/api/tasks', { state: 'open', for: 'answerable', limit: 1 })
      .then((r) => setTotal(r.total ?? null))
      .catch(() => setTotal(null));
  useEffect(() => {
    load();
  }, []);
  useLiveRefresh(load, (e) => e.type.startsWith('task.'));
  if (!total) return null;
  return (
    <span class="count" aria-label={`${total} open`}>
      {total}
    </span>
  );
}

const liveText: Record<string, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  polling: 'Offline: retrying',
  paused: 'Paused',
  off: '',
};

function LiveIndicator() {
  const status = useLiveStatus();
  if (status === 'off') return null;
  return (
    <span class={`live live-${status}`} role="status" title="Updates from the server's event stream">
      {liveText[status]}
    </span>
  );
}

function Header({ section }: { section: string }) {
  const { principal, signOut, can } = useSession();
  const items: [string, string, boolean][] = [
    ['inbox', 'Inbox', true],
    ['runs', 'Runs', true],
    ['workflows', 'Workflows', true],
    ['models', 'Models', true],
    ['reports', 'Reports', true],
  ];
  return (
    <header class="top">
      <a class="skip" href="#main">
        Skip to content
      </a>
      <Link href="/inbox" class="brand">
        Steward
      </Link>
      <nav aria-label="Main">
        <ul>
          {items
            .filter(([, , shown]) => shown && can('view'))
            .map(([key, label]) => (
              <li>
                <Link href={`/${key}`} aria-current={section === key ? 'page' : undefined}>
                  {label}
                  {key === 'inbox' && <InboxBadge />}
                </Link>
              </li>
            ))}
        </ul>
      </nav>
      <div class="who">
        <LiveIndicator />
        {principal && (
          <>
            <span class="user" title={`Signed in as ${principal.user} (${principal.method})`}>
              <span class="user-name">{principal.user}</span>
              {principal.roles.length > 0 && <span class="roles"> · {principal.roles.join(', ')}</span>}
            </span>
            {principal.method === 'session' && (
              <button type="button" class="link" onClick={() => signOut().then(() => navigate('/signin'))}>
                Sign out
              </button>
            )}
          </>
        )}
      </div>
    </header>
  );
}

function NotFound() {
  return (
    <div>
      <h1>Not found</h1>
      <p>
        There is no page at <code>{window.location.pathname}</code>. <Link href="/inbox">Go to the inbox</Link>.
      </p>
    </div>
  );
}

function App() {
  const { principal } = useSession();
  const location = useLocation();

  // Nobody signed in: the sign-in page, then back to where the user was going.
  useEffect(() => {
    if (principal === null && location.path !== '/signin') {
      navigate(`/signin?next=${encodeURIComponent(location.href)}`, { replace: true });
    } else if (principal && (location.path === '/' || location.path === '/signin')) {
      navigate(location.path === '/signin' ? safeNext(location.query.get('next')) : '/inbox', { replace: true });
    }
  }, [principal, location.href]);

  if (principal === undefined) return <Loading what="Starting" />;
  if (principal === null || location.path === '/signin') return <SignIn />;

  let screen = <NotFound />;
  let section = '';
  for (const route of routes) {
    const params = match(route.pattern, location.path);
    if (params) {
      screen = <LazyScreen key={route.pattern + location.path} route={route} params={params} />;
      section = route.nav;
      break;
    }
  }
  return (
    <>
      <Header section={section} />
      <main id="main" data-ready="false">
        {screen}
      </main>
    </>
  );
}

render(
  <RouterProvider>
    <SessionProvider>
      <App />
    </SessionProvider>
  </RouterProvider>,
  document.getElementById('app')!,
);
