/**
 * The geometry of the election progress chart: one line per pension option, the cumulative number of
 * people whose choice counts for it, by day. Each line has its own colour, dash and marker shape, so the
 * chart does not rely on colour alone. Pure: the series in, coordinates and labels out.
 */
import type { ElectionProgress } from '../../domain/election-progress.ts';
import { type DateTick, dateAxisTicks } from './date-axis.ts';

export type MarkerShape = 'circle' | 'square' | 'triangle' | 'diamond';

/** Colours from the GOV.UK palette with at least 3:1 contrast against white (WCAG 1.4.11). */
const styles: ReadonlyArray<{ colour: string; dash: string; shape: MarkerShape }> = [
  { colour: '#1d70b8', dash: '', shape: 'circle' },
  { colour: '#00703c', dash: '8 4', shape: 'square' },
  { colour: '#912b88', dash: '2 3', shape: 'triangle' },
  { colour: '#0b0c0c', dash: '10 3 2 3', shape: 'diamond' },
];

export interface ChartPoint {
  x: number;
  y: number;
}

export interface ProgressLine {
  code: string;
  label: string;
  colour: string;
  dash: string;
  shape: MarkerShape;
  /** SVG path data of the line. */
  path: string;
  /** Where its markers go: a few along the line and the last day. */
  markers: ChartPoint[];
  latest: number;
}

export interface ProgressChartGeometry {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  xTicks: DateTick[];
  yTicks: Array<{ y: number; label: string }>;
  lines: ProgressLine[];
  legend: Array<{ code: string; label: string; colour: string; dash: string; shape: MarkerShape; y: number }>;
}

/** A round step for the y axis so there are about five gridlines. */
export function niceStep(maximum: number): number {
  if (maximum <= 5) return 1;
  const rough = maximum / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  const scaled = rough / power;
  const nice = scaled <= 1 ? 1 : scaled <= 2 ? 2 : scaled <= 5 ? 5 : 10;
  return nice * power;
}

/** SVG path data of a marker of `shape` centred on a point, about 10px across. */
export function markerPath(shape: MarkerShape, { x, y }: ChartPoint): string {
  switch (shape) {
    case 'square':
      return `M${x - 4.5} ${y - 4.5}h9v9h-9Z`;
    case 'triangle':
      return `M${x} ${y - 6}L${x + 5.5} ${y + 4}L${x - 5.5} ${y + 4}Z`;
    case 'diamond':
      return `M${x} ${y - 6}L${x + 6} ${y}L${x} ${y + 6}L${x - 6} ${y}Z`;
    default:
      return `M${x - 5} ${y}a5 5 0 1 0 10 0a5 5 0 1 0 -10 0Z`;
  }
}

const round = (value: number) => Math.round(value * 10) / 10;

export function electionProgressChart(progress: ElectionProgress): ProgressChartGeometry {
  const width = 960;
  const legendRows = progress.series.length;
  const plot = { left: 64, top: 20, right: width - 24, bottom: 300 };
  const height = plot.bottom + 56 + legendRows * 26;
  const days = progress.days.length;
  const maximum = Math.max(1, ...progress.series.flatMap((series) => series.counts));
  const step = niceStep(maximum);
  const top = Math.ceil(maximum / step) * step;
  const xOf = (index: number) =>
    round(days <= 1 ? plot.left : plot.left + (index / (days - 1)) * (plot.right - plot.left));
  const yOf = (count: number) => round(plot.bottom - (count / top) * (plot.bottom - plot.top));

  const yTicks = Array.from({ length: Math.round(top / step) + 1 }, (_, index) => ({
    y: yOf(index * step),
    label: new Intl.NumberFormat('en-GB').format(index * step),
  }));
  // Labels thinned to a steady step so they never touch, whatever the range; the first and last day always.
  const xTicks = dateAxisTicks(progress.days, plot.left, plot.right);

  const markerStep = Math.max(1, Math.ceil(days / 10));
  const lines = progress.series.map((series, seriesIndex): ProgressLine => {
    const style = styles[seriesIndex % styles.length] as (typeof styles)[number];
    const points = series.counts.map((count, index) => ({ x: xOf(index), y: yOf(count) }));
    const path = points.map((point, index) => `${index === 0 ? 'M' : 'L'}${point.x} ${point.y}`).join('');
    const markers = points.filter(
      (_, index) => (index + seriesIndex) % markerStep === 0 || index === points.length - 1,
    );
    return {
      code: series.code,
      label: series.label,
      ...style,
      path: days === 1 ? `${path}h1` : path,
      markers,
      latest: series.counts[series.counts.length - 1] ?? 0,
    };
  });

  return {
    width,
    height,
    plot,
    xTicks,
    yTicks,
    lines,
    legend: lines.map((line, index) => ({
      code: line.code,
      label: `${line.label} (${line.code}): ${new Intl.NumberFormat('en-GB').format(line.latest)}`,
      colour: line.colour,
      dash: line.dash,
      shape: line.shape,
      y: plot.bottom + 56 + index * 26,
    })),
  };
}
