// Response times to this month's fires, property company by property company.
import type { CountyReport } from "@anxin/contract/reports";
import { duration } from "../../lib/format.ts";

export function Companies(props: { d: CountyReport }) {
  const { d } = props;
  return (
    <>
      <h2 id="response-company-title">响应用时（按物业公司，本月火警）</h2>
      <table id="response-company" aria-labelledby="response-company-title">
        <thead>
          <tr>
            <th scope="col">物业公司</th>
            <th scope="col" className="num">
              火警
            </th>
            <th scope="col" className="num">
              确认中位数
            </th>
            <th scope="col" className="num">
              九成火警确认用时
            </th>
            <th scope="col" className="num">
              处置中位数
            </th>
            <th scope="col" className="num">
              九成火警处置用时
            </th>
          </tr>
        </thead>
        <tbody>
          {d.responseByCompany.map((c) => (
            <tr key={c.id}>
              <td>{c.name}</td>
              <td className="num">{c.alarms}</td>
              <td className="num">{duration(c.ackMedianSec)}</td>
              <td className="num">{duration(c.ackP90Sec)}</td>
              <td className="num">{duration(c.resolveMedianSec)}</td>
              <td className="num">{duration(c.resolveP90Sec)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
