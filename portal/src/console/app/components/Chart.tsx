// ECharts in a box: loaded on first use (its own chunk), redrawn when the option changes, resized with the
// window, disposed with the component. The figure is also said in words by the screen (aria-label here).
// Text follows the page's type size (larger on a wall display, console.css) unless the option sets it.
import { useEffect, useRef } from "react";
import type { EChartsOption } from "echarts";

/** The root font size in px (15 on an office screen, 22 on a wall display). */
export const baseFontSize = (): number => parseFloat(getComputedStyle(document.documentElement).fontSize) || 15;

export function Chart(props: {
  option: EChartsOption;
  label: string;
  /** px; without it a box with a className takes its height from the stylesheet (.chart), else 280 */
  height?: number;
  id?: string;
  className?: string;
  /** called once the chart is first drawn (a screen says it is ready) */
  onReady?: () => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<{
    setOption(o: EChartsOption, notMerge?: boolean): void;
    resize(): void;
    dispose(): void;
  } | null>(null);
  const ready = useRef(props.onReady);
  useEffect(() => {
    ready.current = props.onReady;
  });
  useEffect(() => {
    let live = true;
    const resize = () => chart.current?.resize();
    void import("echarts").then((echarts) => {
      if (!live || !box.current) return;
      chart.current = echarts.init(box.current, undefined, { renderer: "canvas" });
      chart.current.setOption(props.option, true);
      window.addEventListener("resize", resize);
      ready.current?.();
    });
    return () => {
      live = false;
      window.removeEventListener("resize", resize);
      chart.current?.dispose();
      chart.current = null;
    };
    // the chart is made once; option changes are applied below
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => {
    chart.current?.setOption(props.option, true);
  }, [props.option]);
  const height = props.height ?? (props.className ? undefined : 280);
  return (
    <div
      ref={box}
      id={props.id}
      className={props.className}
      role="img"
      aria-label={props.label}
      style={height === undefined ? undefined : { height }}
    />
  );
}
