// Charts drawn as SVG with visx while the page renders on the server: they need no JavaScript,
// print, and carry a title and description for screen readers; each sits beside its data table.
import { AxisBottom, AxisLeft } from '@visx/axis';
import { Group } from '@visx/group';
import { scaleBand, scaleLinear, scaleOrdinal } from '@visx/scale';
import { Bar, BarStackHorizontal, BarStack } from '@visx/shape';
import { useId } from 'react';

/** Okabe–Ito colours, which stay apart for the common kinds of colour blindness; darkest first. */
export const CHART_COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#56B4E9', '#E69F00', '#000000', '#F0E442'];

interface ChartFrame {
  title: string;
  description: string;
}

export interface BarDatum {
  label: string;
  value: number;
}

/** One horizontal bar per row, longest first as given; values as counts or percentages. */
export function HorizontalBarChart({ title, description, data, unit = '', max }: ChartFrame & { data: BarDatum[]; unit?: string; max?: number }) {
  const id = useId();
  const rowHeight = 28;
  const margin = { top: 8, right: 56, bottom: 28, left: 190 };
  const width = 640;
  const height = margin.top + margin.bottom + Math.max(1, data.length) * rowHeight;
  const y = scaleBand<string>({ domain: data.map((d) => d.label), range: [0, height - margin.top - margin.bottom], padding: 0.25 });
  const x = scaleLinear<number>({ domain: [0, max ?? Math.max(1, ...data.map((d) => d.value))], range: [0, width - margin.left - margin.right], nice: true });
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-t ${id}-d`} preserveAspectRatio="xMinYMin meet">
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{description}</desc>
        <Group left={margin.left} top={margin.top}>
          {data.map((d) => (
            <g key={d.label}>
              <Bar x={0} y={y(d.label)} width={Math.max(0, x(d.value))} height={y.bandwidth()} fill={CHART_COLOURS[0]} />
              <text x={x(d.value) + 4} y={(y(d.label) ?? 0) + y.bandwidth() / 2} dominantBaseline="middle" fontSize={12} fill="#1f2933">
                {d.value.toLocaleString('en-US')}
                {unit}
              </text>
            </g>
          ))}
          <AxisLeft scale={y} hideTicks tickLabelProps={{ fontSize: 12, fill: '#1f2933', textAnchor: 'end', dx: -4, dy: 4 }} />
          <AxisBottom top={height - margin.top - margin.bottom} scale={x} numTicks={5} tickLabelProps={{ fontSize: 11, fill: '#3e4c59', textAnchor: 'middle' }} />
        </Group>
      </svg>
    </figure>
  );
}

export interface StackedDatum {
  label: string;
  values: Record<string, number>;
}

function Legend({ keys, colour }: { keys: string[]; colour: (key: string) => string }) {
  return (
    <ul className="chart-legend">
      {keys.map((key) => (
        <li key={key}>
          <svg width="12" height="12" aria-hidden="true">
            <rect width="12" height="12" fill={colour(key)} />
          </svg>{' '}
          {key}
        </li>
      ))}
    </ul>
  );
}

/** Vertical bars per month, stacked by series (screener, need category). */
export function MonthlyStackedChart({ title, description, data, keys }: ChartFrame & { data: StackedDatum[]; keys: string[] }) {
  const id = useId();
  const margin = { top: 8, right: 12, bottom: 32, left: 48 };
  const width = 640;
  const height = 260;
  const colour = scaleOrdinal<string, string>({ domain: keys, range: CHART_COLOURS });
  const x = scaleBand<string>({ domain: data.map((d) => d.label), range: [0, width - margin.left - margin.right], padding: 0.2 });
  const totals = data.map((d) => keys.reduce((sum, key) => sum + (d.values[key] ?? 0), 0));
  const y = scaleLinear<number>({ domain: [0, Math.max(1, ...totals)], range: [height - margin.top - margin.bottom, 0], nice: true });
  const rows = data.map((d) => ({ label: d.label, ...Object.fromEntries(keys.map((key) => [key, d.values[key] ?? 0])) }));
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-t ${id}-d`} preserveAspectRatio="xMinYMin meet">
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{description}</desc>
        <Group left={margin.left} top={margin.top}>
          <BarStack data={rows} keys={keys} x={(d) => d.label} xScale={x} yScale={y} color={(key) => colour(key)}>
            {(stacks) =>
              stacks.map((stack) =>
                stack.bars.map((bar) => <rect key={`${stack.index}-${bar.index}`} x={bar.x} y={bar.y} width={bar.width} height={Math.max(0, bar.height)} fill={bar.color} />),
              )
            }
          </BarStack>
          <AxisLeft scale={y} numTicks={5} tickLabelProps={{ fontSize: 11, fill: '#3e4c59', textAnchor: 'end', dx: -4, dy: 4 }} />
          <AxisBottom top={height - margin.top - margin.bottom} scale={x} tickLabelProps={{ fontSize: 11, fill: '#3e4c59', textAnchor: 'middle' }} />
        </Group>
      </svg>
      <Legend keys={keys} colour={(key) => colour(key)} />
    </figure>
  );
}

/** One horizontal bar per row, split into parts (e.g. completed, declined, cancelled, failed, open). */
export function StackedBarChart({ title, description, data, keys }: ChartFrame & { data: StackedDatum[]; keys: string[] }) {
  const id = useId();
  const rowHeight = 30;
  const margin = { top: 8, right: 16, bottom: 28, left: 190 };
  const width = 640;
  const height = margin.top + margin.bottom + Math.max(1, data.length) * rowHeight;
  const colour = scaleOrdinal<string, string>({ domain: keys, range: CHART_COLOURS });
  const y = scaleBand<string>({ domain: data.map((d) => d.label), range: [0, height - margin.top - margin.bottom], padding: 0.25 });
  const totals = data.map((d) => keys.reduce((sum, key) => sum + (d.values[key] ?? 0), 0));
  const x = scaleLinear<number>({ domain: [0, Math.max(1, ...totals)], range: [0, width - margin.left - margin.right], nice: true });
  const rows = data.map((d) => ({ label: d.label, ...Object.fromEntries(keys.map((key) => [key, d.values[key] ?? 0])) }));
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-t ${id}-d`} preserveAspectRatio="xMinYMin meet">
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{description}</desc>
        <Group left={margin.left} top={margin.top}>
          <BarStackHorizontal data={rows} keys={keys} y={(d) => d.label} xScale={x} yScale={y} color={(key) => colour(key)}>
            {(stacks) =>
              stacks.map((stack) =>
                stack.bars.map((bar) => <rect key={`${stack.index}-${bar.index}`} x={bar.x} y={bar.y} width={Math.max(0, bar.width)} height={bar.height} fill={bar.color} />),
              )
            }
          </BarStackHorizontal>
          <AxisLeft scale={y} hideTicks tickLabelProps={{ fontSize: 12, fill: '#1f2933', textAnchor: 'end', dx: -4, dy: 4 }} />
          <AxisBottom top={height - margin.top - margin.bottom} scale={x} numTicks={5} tickLabelProps={{ fontSize: 11, fill: '#3e4c59', textAnchor: 'middle' }} />
        </Group>
      </svg>
      <Legend keys={keys} colour={(key) => colour(key)} />
    </figure>
  );
}
