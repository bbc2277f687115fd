// The UI's first page: served at / with its CSP, loads without console errors, and signs in
// (a wrong password shows the API's error, the right one the user's name in the header).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkA11y, screenshots, signIn, withStack } from './harness.mjs';

const ctx = withStack();

test('/ and client-side routes answer the HTML page with the CSP', async () => {
  for (const path of ['/', '/runs/12345', '/inbox']) {
    const answer = await fetch(ctx.stack.baseUrl + path);
    assert.equal(answer.status, 200, path);
    assert.match(answer.headers.get('content-type') ?? '', /^text\/html/, path);
    assert.match(answer.headers.get('content-security-policy') ?? '', /default-src 'self'/, path);
    assert.match(await answer.text(), /<div id="app">/, path);
  }
  const api = await fetch(`${ctx.stack.baseUrl}/api/no/such/route`);
  assert.equal(api.status, 404, 'an unknown /api/ path is not the HTML page');
});

test('the sign-in page loads without console errors and passes axe', async () => {
  const page = await ctx.page();
  await page.goto(ctx.stack.baseUrl + '/');
  await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
  await checkA11y(page, 'sign-in');
  await screenshots(page, 'sign-in');
  assert.deepEqual(page.problems, []);
});

test('a wrong password shows the API error; the right one shows the user in the header', async () => {
  const page = await ctx.page();
  await page.goto(ctx.stack.baseUrl + '/');
  await signIn(page, 'alice', { password: 'not-alices-password', wait: false });
  await page.getByText(/wrong user name or password/i).waitFor({ timeout: 10000 });
  await signIn(page, 'alice');
  await page.getByRole('banner').getByText('alice').first().waitFor({ timeout: 10000 });
  assert.deepEqual(page.problems, []);
});
