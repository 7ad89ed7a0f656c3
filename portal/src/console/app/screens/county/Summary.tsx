// The county's headline figures: alarms, devices online, coverage, response and false alarms.
import type { CountyReport } from "@anxin/contract/reports";
import { duration, pct } from "../../lib/format.ts";
import { Card } from "./parts.tsx";

export function Summary(props: { d: CountyReport }) {
  const { d } = props;
  const fa = d.falseAlarms;
  return (
    <div className="cards">
      <Card id="alarms-today" n={d.alarms.today.all} label={`今日报警（火警 ${d.alarms.today.fire}）`} />
      <Card id="alarms-week" n={d.alarms.week.all} label={`本周报警（火警 ${d.alarms.week.fire}）`} />
      <Card id="alarms-month" n={d.alarms.month.all} label={`本月报警（火警 ${d.alarms.month.fire}）`} />
      <Card id="devices-online" n={`${d.devices.online} / ${d.devices.total}`} label="设备在线 / 总数" />
      <Card
        id="coverage"
        n={pct(d.coverage.rate)}
        label={`老旧高层覆盖（${d.coverage.covered} / ${d.coverage.households} 户，目标 ${pct(d.coverageTarget)}）`}
      />
      <Card
        id="ack-median"
        n={duration(d.responseTimes.ackMedianSec)}
        label={`火警确认用时中位数${
          d.responseTimes.ackP90Sec === null ? "" : `（九成火警在 ${duration(d.responseTimes.ackP90Sec)} 内确认）`
        }`}
      />
      <Card id="false-rate" n={pct(fa.rate)} label={`本月误报率（${fa.falseAlarms} / ${fa.fireAlarms}）`} />
    </div>
  );
}
