// ECharts in a box: loaded on first use (its own chunk), redrawn when the option changes, resized with the
// window, disposed with the component. The figure is also said in words by the screen (aria-label here).
import { useEffect, useRef } from "react";
import type { EChartsOption } from "echarts";

export function Chart(props: { option: EChartsOption; label: string; height?: number; id?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<{
    setOption(o: EChartsOption, notMerge?: boolean): void;
    resize(): void;
    dispose(): void;
  } | null>(null);
  useEffect(() => {
    let live = true;
    const resize = () => chart.current?.resize();
    void import("echarts").then((echarts) => {
      if (!live || !box.current) return;
      chart.current = echarts.init(box.current, undefined, { renderer: "canvas" });
      chart.current.setOption(props.option, true);
      window.addEventListener("resize", resize);
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
  return <div ref={box} id={props.id} role="img" aria-label={props.label} style={{ height: props.height ?? 280 }} />;
}
