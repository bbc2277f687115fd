// A small uPlot wrapper for the model and report pages. Every chart is a <figure> with a caption;
// the canvas is hidden from screen readers (aria-hidden) and the figure carries the chart's data
// table after it, so the numbers are there for everyone. Colours come from the stylesheet's
// --chart-1..4 and --chart-grid variables (read with getComputedStyle), so light and dark both
// work and a change of the colour scheme redraws; the chart follows its container's width.
// Only the model and report screens import this file, so uPlot lands in their lazy chunks.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';

/** One line of a chart. */
export interface ChartSeries {
  label: string;
  /** One value per x; null leaves a gap. */
  values: (number | null)[];
  /** Which --chart-N colour (1..4), or 'muted' for reference lines (random model, thresholds). */
  colour: 1 | 2 | 3 | 4 | 'muted';
  dash?: boolean;
  /** Draw a dot at every point (few points, e.g. a trend over periods). */
  points?: boolean;
}

interface ChartProps {
  /** The figure caption (what the chart shows). */
  caption: ComponentChildren;
  x: number[];
  xLabel: string;
  yLabel: string;
  series: ChartSeries[];
  /** Text for each x index instead of the number (periods of a trend). */
  xTicks?: string[];
  xRange?: [number, number];
  yRange?: [number, number];
  height?: number;
  /** The chart's data table (always give one: the canvas is invisible to screen readers). */
  children: ComponentChildren;
}

const colourVar = (c: ChartSeries['colour']) => (c === 'muted' ? '--muted' : `--chart-${c}`);

function useColourScheme(): number {
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    const query = window.matchMedia('(prefers-color-scheme: dark)');
    const changed = () => setGeneration((g) => g + 1);
    query.addEventListener('change', changed);
    return () => query.removeEventListener('change', changed);
  }, []);
  return generation;
}

/** A line chart with its caption and data table. */
export function Chart({ caption, x, xLabel, yLabel, series, xTicks, xRange, yRange, height = 260, children }: ChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const scheme = useColourScheme();
  // Redraw only when what is drawn changes (the screens rebuild their arrays on every render).
  const shape = JSON.stringify([x, xLabel, yLabel, series, xTicks, xRange, yRange, height]);

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const css = getComputedStyle(el);
    const read = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
    const text = read('--muted', '#57606a');
    const grid = read('--chart-grid', '#d0d7de');
    const font = `12px ${read('--font', 'sans-serif')}`;
    const widthOf = () => Math.max(240, Math.floor(el.clientWidth));
    const axis = (label: string): uPlot.Axis => ({
      label,
      stroke: text,
      font,
      labelFont: font,
      grid: { stroke: grid, width: 1 },
      ticks: { stroke: grid, width: 1 },
    });
    const xAxis = axis(xLabel);
    if (xTicks) {
      xAxis.values = (_u, splits) => splits.map((v) => (Number.isInteger(v) && xTicks[v] !== undefined ? xTicks[v] : ''));
      xAxis.incrs = [1];
    }
    const options: uPlot.Options = {
      width: widthOf(),
      height,
      scales: {
        x: { time: false, ...(xRange ? { range: xRange } : {}) },
        y: yRange ? { range: yRange } : {},
      },
      axes: [xAxis, axis(yLabel)],
      series: [
        { label: xLabel, value: (_u, v) => (v === null || v === undefined ? '—' : xTicks ? (xTicks[v] ?? String(v)) : String(+v.toFixed(4))) },
        ...series.map<uPlot.Series>((s) => ({
          label: s.label,
          stroke: read(colourVar(s.colour), '#1f5f99'),
          width: s.dash ? 1.5 : 2,
          dash: s.dash ? [6, 5] : undefined,
          spanGaps: false,
          points: { show: s.points ?? false, size: 6 },
          value: (_u, v) => (v === null || v === undefined ? '—' : v.toFixed(4)),
        })),
      ],
      legend: { show: true, live: false },
      cursor: { drag: { x: false, y: false } },
    };
    const data: uPlot.AlignedData = [x, ...series.map((s) => s.values)];
    const plot = new uPlot(options, data, el);
    let width = widthOf();
    const observer = new ResizeObserver(() => {
      const next = widthOf();
      if (next !== width) {
        width = next;
        plot.setSize({ width: next, height });
      }
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [shape, scheme]);

  return (
    <figure class="chart" data-series={series.length}>
      <figcaption>{caption}</figcaption>
      <div class="chart-canvas" ref={host} aria-hidden="true" />
      {children}
    </figure>
  );
}

/** A chart's data table folded under it ("Data: N points"), for long curves. */
export function ChartData({ summary, children }: { summary: string; children: ComponentChildren }) {
  return (
    <details class="chart-data">
      <summary>{summary}</summary>
      <div class="table-wrap">{children}</div>
    </details>
  );
}
