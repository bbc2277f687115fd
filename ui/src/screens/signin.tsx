// Sign-in (auth.mode local): user name and password, the API's refusal shown as it is (wrong
// password, throttled), then back to the page the user wanted (`?next=`).
import { useState } from 'preact/hooks';
import { ApiError } from '../api';
import { navigate, useLocation } from '../router';
import { useSession } from '../session';
import { ErrorBox } from '../components/status';
import { safeNext } from './signin_next';

export default function SignIn() {
  const { signIn, expired } = useSession();
  const { query } = useLocation();
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(user.trim(), password);
      navigate(safeNext(query.get('next')), { replace: true });
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'client', String(e)));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" class="signin" data-ready="true">
      <form class="card signin-card" onSubmit={submit} aria-labelledby="signin-title">
        <h1 id="signin-title">Sign in to Steward</h1>
        {expired && !error && (
          <p class="alert alert-info" role="status">
            Your session ended. Sign in again to continue where you were.
          </p>
        )}
        <ErrorBox error={error} />
        <div class="field">
          <label for="signin-user">User name</label>
          <input id="signin-user" name="username" autoComplete="username" required value={user}
            onInput={(e) => setUser((e.target as HTMLInputElement).value)} autoFocus />
        </div>
        <div class="field">
          <label for="signin-password">Password</label>
          <input id="signin-password" name="password" type="password" autoComplete="current-password" required
            value={password} onInput={(e) => setPassword((e.target as HTMLInputElement).value)} />
        </div>
        <button type="submit" class="primary" disabled={busy || !user || !password}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
