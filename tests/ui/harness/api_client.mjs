// A signed-in HTTP client of the API, as the browser is: the session cookie, the CSRF token and the
// server's Origin on changes.

/// A signed-in API client: `call(method, path, body)` -> {status, headers, body (JSON or text)};
/// get/post/put/del shorthands. Changes carry the CSRF token and the server's Origin.
export async function signedIn(baseUrl, user, password) {
  const answer = await fetch(`${baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: baseUrl },
    body: JSON.stringify({ user, password }),
  });
  const text = await answer.text();
  if (answer.status !== 200) throw new Error(`sign-in as ${user}: ${answer.status} ${text}`);
  const session = JSON.parse(text);
  const setCookie = answer.headers.get('set-cookie') ?? '';
  const cookie = setCookie.split(';')[0];
  const call = async (method, path, body) => {
    const headers = { Cookie: cookie };
    if (method !== 'GET') {
      headers['X-CSRF-Token'] = session.csrf_token;
      headers.Origin = baseUrl;
    }
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(baseUrl + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const raw = await response.text();
    let parsed = raw;
    try {
      parsed = JSON.parse(raw);
    } catch {
      // not JSON
    }
    return { status: response.status, headers: response.headers, body: parsed };
  };
  const ok = async (method, path, body) => {
    const r = await call(method, path, body);
    if (r.status < 200 || r.status > 299) {
      throw new Error(`${user}: ${method} ${path} -> ${r.status} ${JSON.stringify(r.body)}`);
    }
    return r.body;
  };
  return {
    user,
    session,
    cookie,
    call,
    get: (path) => ok('GET', path),
    post: (path, body = {}) => ok('POST', path, body),
    put: (path, body = {}) => ok('PUT', path, body),
    del: (path) => ok('DELETE', path),
  };
}
