// Pages with fixed text: how to report a hazard, FAQ, experience centres, not found.
import type { PortalServices } from "@anxin/api";
import type { SessionView } from "@anxin/contract/bookings";
import { html, type Html } from "../../render/html.ts";
import { layout } from "../../render/layout.ts";
import { crumbs } from "./parts.ts";
import { formPath } from "../group-booking.ts";

/** `form`: the online report form of a residential community's hazard (pages/public/hazard-report.ts). */
export function reportPage(origin: string, form: Html | string = ""): string {
  const body = html`${crumbs([{ label: "隐患举报" }])}
<h1>怎样举报火灾隐患</h1>
<div class="emergency"><p class="big">正在着火：<a href="tel:119">拨打 119</a></p><p>119 只用于报火警和求救。先到安全的地方再打，说清楚地址、什么东西着火、有没有人被困。</p></div>
${form}
<h2>发现隐患，不是着火</h2>
<ul>
<li><strong><a href="tel:96119">96119</a> 火灾隐患举报投诉电话</strong>：消防救援机构受理，适合举报消防通道被堵、防火门被锁、楼道堆放杂物、电动自行车进楼充电、商铺“三合一”住人等。</li>
<li><strong><a href="tel:12345">12345</a> 政务服务便民热线</strong>：各类民生问题都可以反映，会转给相关部门处理。</li>
<li><strong>物业或社区</strong>：小区里的问题，先告诉物业或社区网格员，通常处理最快。</li>
</ul>
<h2>举报时说清楚</h2>
<ol>
<li>在哪里：小区、楼栋、楼层，或者商铺的名称和门牌号；</li>
<li>什么问题：比如“3 单元一楼楼梯间停了 5 辆电动车在充电”；</li>
<li>从什么时候开始、是否一直存在；</li>
<li>方便的话拍一张照片（不要拍到别人的脸和门牌以外的隐私）。</li>
</ol>
<p>举报人的信息会被保密。不要与当事人发生争执，把问题交给有关部门处理。</p>
<h2>常见的火灾隐患</h2>
<ul>
<li>楼道、楼梯间堆放纸箱、旧家具等杂物；</li>
<li>电动自行车停在楼道、门厅，或者“飞线充电”；</li>
<li>消防车通道被私家车占用；</li>
<li>常闭式防火门被顶住、拆除或上锁；</li>
<li>消火栓箱被遮挡、里面的水带水枪缺失；</li>
<li>商铺、仓库里住人。</li>
</ul>`;
  return layout(
    origin,
    {
      title: "火灾隐患举报",
      description: "发现火灾隐患怎么办：拨打 96119 火灾隐患举报投诉电话或 12345 政务服务便民热线；着火请拨打 119。",
      path: "/report",
      nav: "report",
    },
    body,
  );
}

const FAQ: { q: string; a: string }[] = [
  {
    q: "烟感报警器一直“嘀”一声一声地叫，是着火了吗？",
    a: "隔几十秒短促地“嘀”一声，通常是电池电量低，请更换电池。着火报警是连续响亮的“嘀嘀嘀”三声一组反复响。",
  },
  {
    q: "做饭时烟感报警了怎么办？",
    a: "先确认不是着火。是油烟引起的，打开窗户通风，按一下报警器上的按键可以暂时消音。不要拆掉电池。",
  },
  {
    q: "电动自行车能不能推回家充电？",
    a: "不能。电动自行车和它的电池都不要在楼道、楼梯间和家里充电，请到小区集中充电点充电。",
  },
  {
    q: "家里需要买什么消防器材？",
    a: "建议备一具 2 公斤或 4 公斤的 ABC 干粉灭火器、一块灭火毯，在卧室和客厅装烟感报警器，厨房装可燃气体报警器。",
  },
  {
    q: "灭火器过期了怎么办？",
    a: "看压力表指针是否在绿区、瓶身是否有生锈变形。干粉灭火器出厂满 5 年需要检修，满 10 年应报废更换，可以咨询物业或正规消防器材店。",
  },
  { q: "高层住宅着火，可以坐电梯下楼吗？", a: "不可以。着火时电梯可能断电停运，电梯井会聚集浓烟。请走疏散楼梯。" },
  {
    q: "怎样把家里的烟感绑定到手机上？",
    a: "在微信里打开“安心消防”小程序，进入“我的家”，点“绑定设备”，扫描报警器背面的二维码。详见《用“安心消防”小程序绑定家里的烟感》。",
  },
  {
    q: "拨打 119 要说什么？",
    a: "说清楚详细地址（小区、楼栋、楼层、房号）、什么东西着火、火势大小、有没有人被困，留下电话号码，并到路口接消防车。",
  },
];

export function faqPage(origin: string): string {
  const body = html`${crumbs([{ label: "常见问题" }])}
<h1>常见问题</h1>
${FAQ.map((f) => html`<section><h2>${f.q}</h2><p>${f.a}</p></section>`)}
<p>没有找到答案？可以查看<a href="/articles">科普文章</a>，或拨打 12345 咨询。</p>`;
  return layout(
    origin,
    {
      title: "常见问题",
      description: "烟感报警器为什么会叫、电动自行车能否回家充电、灭火器怎么选怎么换等常见消防安全问题解答。",
      path: "/faq",
      nav: "faq",
    },
    body,
  );
}

const TOPIC_LABEL: Record<SessionView["topic"], string> = {
  SMOKE_ESCAPE: "烟雾逃生",
  EXTINGUISHER_USE: "灭火器使用",
  HOME_HAZARDS: "家庭火灾隐患",
  EBIKE_SAFETY: "电动自行车安全",
  GAS_SAFETY: "燃气安全",
  COMPREHENSIVE: "综合体验",
};

const dayOf = (s: SessionView) => `${s.date.slice(5).replace("-", "月")}日`;

/**
 * The sessions everyone reads (seats left), and apart, behind a summary that says who it is for, the
 * coordinators' links to book one for a group (issue 22 item 9: the page offered 团体预约 beside every
 * session to every reader, though only a township coordinator can book one).
 */
function sessionsOf(items: readonly SessionView[]): Html {
  const open = items.filter((s) => s.status === "OPEN").slice(0, 6);
  if (open.length === 0) return html`<p class="meta">近两周暂无开放场次。</p>`;
  const bookable = open.filter((s) => s.seatsLeft > 0 && Date.parse(s.startsAt) > Date.now());
  return html`<h3>近期场次</h3><ul>${open.map(
    (s) =>
      html`<li>${dayOf(s)} ${s.startTime}-${s.endTime} ${s.title}（${TOPIC_LABEL[s.topic]}）：${s.seatsLeft > 0 ? `余 ${s.seatsLeft} 位` : s.waitlistSeatsLeft > 0 ? "已满，可排队候补" : "已满"}</li>`,
  )}</ul>${
    bookable.length
      ? html`<details class="coordinator-only"><summary>乡镇（街道）协调员：为学校、社区、单位预约团体场次</summary><p class="meta">团体场次只能由协调员用工作账号预约；家庭请用微信小程序预约。</p><ul>${bookable.map(
          (s) => html`<li><a href="${formPath(s.id)}">预约团体场次：${dayOf(s)} ${s.startTime} ${s.title}</a></li>`,
        )}</ul></details>`
      : ""
  }`;
}

/** Centres and their sessions come from the bookings module (issue 6) through its public reads. */
export async function centresPage(services: PortalServices, origin: string): Promise<string> {
  const centres = (await services.bookings.centres.list({})).filter((c) => c.active);
  const sessions = await services.bookings.centres.sessions({});
  const list = centres.length
    ? html`<ul class="cards">${centres.map(
        (
          c,
        ) => html`<li class="card"><h2>${c.name}</h2><p>地址：${c.address}</p>${c.phone ? html`<p>电话：<a href="tel:${c.phone}">${c.phone}</a></p>` : ""}<p>开放时间：${c.openingHours}</p>
${c.facilities.length ? html`<p>体验项目：${c.facilities.join("、")}</p>` : ""}${sessionsOf(sessions.filter((s) => s.centreId === c.id))}</li>`,
      )}</ul>`
    : html`<div class="notice" role="status"><h2>即将开放</h2><p>全县消防体验馆正在建设中，开放时间和预约方式将在这里公布。</p></div>`;
  const body = html`${crumbs([{ label: "体验馆" }])}
<h1>消防体验馆</h1>
<p class="lead">在体验馆里，可以亲身体验烟雾逃生、灭火器操作和报警电话拨打，比看十篇文章记得更牢。</p>
<div class="notice"><h2>怎样预约</h2><p>家庭预约：在微信“安心消防”小程序的“体验馆预约”中选择场次。学校、社区和单位的团体参观，请联系所在乡镇（街道）的协调员统一预约（协调员在各体验馆的场次下方预约，或查看<a href="/console/group-bookings">我的团体预约</a>）。</p></div>
<section aria-label="体验馆列表">${list}</section>`;
  return layout(
    origin,
    {
      title: "消防体验馆",
      description: "县消防体验馆：烟雾逃生、灭火器操作体验，近期场次和余位，家庭和团体预约方式。",
      path: "/centres",
      nav: "centres",
    },
    body,
  );
}

export function notFoundPage(origin: string, path: string): string {
  const body = html`<h1>没有找到这个页面</h1><p>您要找的页面（${path}）可能已经下线或地址有误。</p><p><a href="/">回到首页</a> · <a href="/articles">看看科普文章</a></p>`;
  return layout(origin, { title: "页面不存在", description: "没有找到这个页面。", path, noindex: true }, body);
}
