/**
 * uPlot glue for stacked bars: the only module of the lazily loaded chart chunk. It imports
 * uPlot and nothing of the panel (colours, labels and callbacks come in as arguments), so the
 * chunk shares no code with the panel file and the grid never waits for it.
 *
 * uPlot has no stacking of its own: each series is drawn as the running sum up to its result,
 * topmost first, so every later (lower) series paints over the part of the bar that is its own.
 */
import uPlot from "uplot";
import uPlotCss from "uplot/dist/uPlot.min.css?inline";

export const CHART_CSS: string = uPlotCss;

export interface StackedBarsOptions {
  width: number;
  height: number;
  timeZone: string;
  /** x in Unix seconds, then per series (bottom to top) the running sum up to it */
  x: number[];
  stacked: number[][];
  labels: string[];
  colors: string[];
  axisColor: string;
  gridColor: string;
  onHover: (index: number | null) => void;
  onClick: (index: number) => void;
}

export interface StackedBars {
  setSize(width: number, height: number): void;
  destroy(): void;
  width(): number;
}

export function createStackedBars(host: HTMLElement, o: StackedBarsOptions): StackedBars {
  const bars = uPlot.paths.bars!({ size: [0.8, 48], gap: 1 });
  const order = o.stacked.map((_, i) => i).reverse();
  const axis = { stroke: o.axisColor, grid: { stroke: o.gridColor, width: 1 }, ticks: { stroke: o.gridColor } };
  const plot = new uPlot(
    {
      width: o.width,
      height: o.height,
      legend: { show: false },
      cursor: { points: { show: false }, drag: { x: false, y: false } },
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), o.timeZone),
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
      axes: [axis, { ...axis, size: 44 }],
      series: [
        {},
        ...order.map((i) => ({
          label: o.labels[i],
          fill: o.colors[i],
          stroke: o.colors[i],
          width: 0,
          paths: bars,
          points: { show: false },
        })),
      ],
      hooks: { setCursor: [(u: uPlot) => o.onHover(u.cursor.idx ?? null)] },
    },
    [o.x, ...order.map((i) => o.stacked[i])],
    host,
  );
  plot.over.addEventListener("click", () => {
    const idx = plot.cursor.idx;
    if (idx != null) o.onClick(idx);
  });
  return {
    setSize: (width, height) => plot.setSize({ width, height }),
    destroy: () => plot.destroy(),
    width: () => plot.width,
  };
}
