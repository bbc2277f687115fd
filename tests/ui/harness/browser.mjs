// Headless Chromium through playwright-core (from ui/node_modules), axe-core and screenshots.
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { USERS } from './fixtures.mjs';
import { need, repoRoot, requireUi } from './paths.mjs';

/// Launches headless Chromium ($CHROMIUM, default /usr/bin/chromium) through playwright-core.
export async function openBrowser() {
  const { chromium } = need('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/// A new page (own context: own cookies) that records console errors, failed requests and
/// uncaught exceptions in `page.problems` (strings).
export async function newPage(browser, { colorScheme = 'light', viewport = { width: 1280, height: 800 } } = {}) {
  const context = await browser.newContext({ colorScheme, viewport });
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (message) => {
    // Chromium logs every HTTP error answer of a fetch ("Failed to load resource: the server
    // responded with a status of 401"); refusals the screens show are expected, not problems.
    const text = message.text();
    if (message.type() === 'error' && !/^Failed to load resource: the server responded with a status of 4\d\d/.test(text)) {
      page.problems.push(`console: ${text}`);
    }
  });
  page.on('pageerror', (error) => page.problems.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) => {
    const failure = request.failure()?.errorText ?? '';
    if (!failure.includes('ERR_ABORTED')) page.problems.push(`request failed: ${request.url()} ${failure}`);
  });
  return page;
}

/// Signs in on the sign-in screen: fills "User name" and "Password" (USERS[user].password unless
/// `password` is given) and presses "Sign in". With `wait` (default), waits until the sign-in
/// button is gone (a wrong password keeps it: pass wait: false).
export async function signIn(page, user, { password = USERS[user]?.password, wait = true } = {}) {
  await page.getByLabel('User name', { exact: true }).fill(user);
  await page.getByLabel('Password', { exact: true }).fill(password ?? '');
  const button = page.getByRole('button', { name: 'Sign in', exact: true });
  await button.click();
  if (wait) await button.waitFor({ state: 'detached', timeout: 10000 });
}

let axeSource;

/// Runs axe-core on the page in light and dark (or `schemes`) and throws listing every
/// violation of impact serious or critical. Returns all violations found (any impact).
export async function checkA11y(page, name, { schemes = ['light', 'dark'], exclude = [] } = {}) {
  axeSource ??= readFileSync(requireUi.resolve('axe-core/axe.min.js'), 'utf8');
  const found = [];
  const blocking = [];
  for (const colorScheme of schemes) {
    await page.emulateMedia({ colorScheme });
    if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
    const result = await page.evaluate(
      (excluded) => window.axe.run({ exclude: excluded.map((s) => [s]) }, { resultTypes: ['violations'] }),
      exclude,
    );
    for (const v of result.violations) {
      found.push({ ...v, colorScheme });
      if (v.impact === 'serious' || v.impact === 'critical') {
        const nodes = v.nodes.slice(0, 5).map((n) => `      ${n.target.join(' ')}: ${n.failureSummary?.split('\n').join(' ')}`);
        blocking.push(`  [${colorScheme}] ${v.id} (${v.impact}): ${v.help} (${v.nodes.length} nodes)\n${nodes.join('\n')}`);
      }
    }
  }
  await page.emulateMedia({ colorScheme: schemes.includes('light') ? 'light' : schemes[0] });
  if (blocking.length) throw new Error(`axe on '${name}': serious or critical violations:\n${blocking.join('\n')}`);
  return found;
}

/// The screenshot directory: $STEWARD_UI_SHOTS, else build/ui-shots.
export const shotsDir = resolve(process.env.STEWARD_UI_SHOTS ?? join(repoRoot, 'build/ui-shots'));

/// Writes NAME-light.png and NAME-dark.png (full page) to shotsDir; returns their paths.
export async function screenshots(page, name, { fullPage = true } = {}) {
  mkdirSync(shotsDir, { recursive: true });
  const paths = [];
  for (const colorScheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme });
    const path = join(shotsDir, `${name}-${colorScheme}.png`);
    await page.screenshot({ path, fullPage, animations: 'disabled' });
    paths.push(path);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return paths;
}

/// Waits until the screen's <main> has data-ready="true" (the screens set it once their first
/// data has rendered).
export async function ready(page, timeout = 10000) {
  await page.locator('main[data-ready="true"]').waitFor({ timeout });
}

/// Keyboard only: presses Tab (Shift+Tab with `backwards`) until `locator`'s element has the
/// focus; throws after `max` presses. For the keyboard-only paths through a screen.
export async function tabTo(page, locator, { max = 60, backwards = false } = {}) {
  const target = await locator.elementHandle();
  if (!target) throw new Error(`tabTo: ${locator} matches nothing`);
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return i;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  const focused = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120));
  throw new Error(`tabTo: ${locator} not focused after ${max} presses (focus on ${focused})`);
}
