// The browser-test harness of the web UI (tests/ui/README.md): a real `steward serve` with a
// temporary database and the fake Livy (tests/fake_livy/), test users and workflows, and headless
// Debian Chromium driven by playwright-core, with axe-core checks and light/dark screenshots.
//
//   import { withStack, signIn, checkA11y, screenshots } from './harness.mjs';
//   const ctx = withStack();                      // before: stack + browser; after: all stopped
//   test('...', async () => { const page = await ctx.page(); await page.goto(ctx.stack.baseUrl); ... });
//
// Environment (set by tests/ui/CMakeLists.txt): STEWARD_BIN, FAKE_LIVY_BIN, UI_NODE_MODULES,
// STEWARD_UI_SHOTS (screenshots; default build/ui-shots), STEWARD_UI_DIR (serve this directory with
// --ui-dir instead of the embedded UI), STEWARD_UI_DIST (a built UI, or "build", served by
// ui/tools/dev-proxy.mjs in front of the server), CHROMIUM (default /usr/bin/chromium).
// Node 18 or newer; every process started here is stopped by stop(), at exit, and (if this
// process is killed) by a watchdog shell within a second.
import { after, before } from 'node:test';
import { openBrowser, newPage } from './harness/browser.mjs';
import { startStack } from './harness/stack.mjs';

export { checkA11y, newPage, openBrowser, ready, screenshots, shotsDir, signIn, tabTo } from './harness/browser.mjs';
export { REPORT_MODEL, REPORT_PERIODS, USERS, reportCsv } from './harness/fixtures.mjs';
export { repoRoot } from './harness/paths.mjs';
export { startStack } from './harness/stack.mjs';

/// node:test hooks for a test file: before() starts a stack (startStack(options)) and a browser,
/// after() closes every page, the browser and the stack, whatever happened. Returns
/// {stack, browser, page(opts)}; page() opens a newPage that is closed at the end.
export function withStack(options = {}) {
  const ctx = { stack: undefined, browser: undefined, pages: [] };
  ctx.page = async (pageOptions) => {
    const page = await newPage(ctx.browser, pageOptions);
    ctx.pages.push(page);
    return page;
  };
  before(async () => {
    ctx.stack = await startStack(options);
    ctx.browser = await openBrowser();
  });
  after(async () => {
    await ctx.browser?.close().catch(() => {});
    await ctx.stack?.stop();
  });
  return ctx;
}
