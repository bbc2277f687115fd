// Helpers of the model and report browser tests (models.test.mjs, reports.test.mjs): opening a
// page as a user, the figures as the screens format them, and what a chart drew.
import assert from 'node:assert/strict';
import { ready, signIn } from './harness.mjs';

/// Opens `path` as `user` (through the sign-in page, which returns to `path`) and waits for data.
export async function openAs(ctx, user, path, pageOptions) {
  const page = await ctx.page(pageOptions);
  await page.goto(ctx.stack.baseUrl + path);
  await signIn(page, user);
  await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 10000 });
  await ready(page);
  return page;
}

/// A figure as the screens show it: four decimals, "—" when missing.
export const fixed = (v, digits = 4) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : '—');

/// A count as the screens show it: "1,676" for whole numbers, one decimal for prorated ones.
export const count = (v) => (Number.isInteger(v) ? v.toLocaleString('en-US') : fixed(v, 1));

/// The cells' text of every body row of `table` (a locator), header cells included.
export async function rows(table) {
  return table.locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => Array.from(tr.children).map((c) => c.textContent.replace(/\s+/g, ' ').trim())),
  );
}

/// What the chart in `figure` (a locator of figure.chart) drew: the series it declares, uPlot's
/// legend entries, and how many canvas pixels have the first series' colour
/// (--chart-1) or any colour at all.
export async function chartInfo(figure) {
  return figure.evaluate((fig) => {
    const canvas = fig.querySelector('canvas');
    const hex = getComputedStyle(fig).getPropertyValue('--chart-1').trim();
    const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
    let painted = 0;
    let series = 0;
    if (canvas && canvas.width > 0 && canvas.height > 0) {
      const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      for (let i = 0; i < pixels.length; i += 4) {
        if (pixels[i + 3] === 0) continue;
        painted++;
        const d = Math.abs(pixels[i] - want[0]) + Math.abs(pixels[i + 1] - want[1]) + Math.abs(pixels[i + 2] - want[2]);
        if (pixels[i + 3] > 200 && d < 60) series++;
      }
    }
    return {
      declared: Number(fig.dataset.series),
      legend: fig.querySelectorAll('.u-legend .u-series').length,
      hidden: fig.querySelector('.chart-canvas')?.getAttribute('aria-hidden'),
      caption: fig.querySelector('figcaption')?.textContent ?? '',
      painted,
      series,
    };
  });
}

/// Asserts the chart drew `lines` series (as many legend entries) and that the first one is on the canvas.
export async function assertChart(figure, lines, what) {
  await figure.locator('canvas').first().waitFor({ timeout: 10000 });
  const info = await chartInfo(figure);
  assert.equal(info.declared, lines, `${what}: declared series`);
  assert.equal(info.legend, lines, `${what}: uPlot legend entries (one per series; the x axis has none in a static legend)`);
  assert.equal(info.hidden, 'true', `${what}: the canvas is hidden from screen readers`);
  assert.ok(info.painted > 1000, `${what}: the canvas is drawn (${info.painted} painted pixels)`);
  assert.ok(info.series > 100, `${what}: the first series is drawn (${info.series} pixels of --chart-1)`);
  return info;
}
