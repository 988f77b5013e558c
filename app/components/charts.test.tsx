import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { HorizontalBarChart, MonthlyStackedChart } from './charts';

describe('charts rendered on the server', () => {
  it('draws monthly stacks as SVG with a title, a description, axis values and a legend', () => {
    const svg = renderToStaticMarkup(
      <MonthlyStackedChart title="Screenings" description="Per month" keys={['AHC HRSN', 'PRAPARE']} data={[{ label: '2026-01', values: { 'AHC HRSN': 30, PRAPARE: 5 } }, { label: '2026-02', values: { 'AHC HRSN': 12 } }]} />,
    );
    expect(svg).toContain('<title');
    expect(svg).toContain('Per month');
    expect(svg).toMatch(/>2026-01</);
    expect(svg).toMatch(/>35</);
    expect(svg).toContain('PRAPARE');
  });

  it('labels each horizontal bar with its value', () => {
    const svg = renderToStaticMarkup(<HorizontalBarChart title="Rates" description="d" unit="%" max={100} data={[{ label: 'Food', value: 42.5 }]} />);
    expect(svg).toMatch(/>Food</);
    expect(svg).toContain('42.5');
  });
});
