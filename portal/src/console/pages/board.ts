// The live alarm board's HTML; board.ts on the client fills it and keeps it live.
import { html, type Html } from "../../server/render/html.ts";

export function boardBody(): Html {
  return html`<div class="filters noprint">
      <label
        >小区
        <select id="community">
          <option value="">全部</option>
        </select></label
      >
      <label
        >类型
        <select id="kind">
          <option value="">全部</option>
          <option value="FIRE">火警</option>
          <option value="OTHER">设备类报警</option>
        </select></label
      >
      <span id="live" class="live">正在连接实时推送…</span>
    </div>
    <div id="sound-banner" class="notice sound-banner" role="region" aria-label="报警声音">
      <strong>报警声音未开启。</strong>浏览器要求先点一下，来了火警才能响铃、弹出桌面提醒。
      <button type="button" id="sound" class="btn primary">开启报警声音和桌面提醒</button>
    </div>
    <p id="push" class="notice push" role="alert" hidden></p>
    <p id="empty" class="notice">目前没有未处置的报警。</p>
    <section id="alarms" class="alarms" aria-live="polite"></section>
    <dialog id="confirm" class="confirm" aria-label="请确认">
      <form method="dialog">
        <div class="confirm-text"></div>
        <div class="actions">
          <button value="no" class="btn confirm-no">返回，不结束</button>
          <button value="yes" class="btn danger confirm-yes">确认</button>
        </div>
      </form>
    </dialog>
    <dialog id="photo-viewer" class="photo-viewer" aria-label="现场照片">
      <figure>
        <img alt="" />
        <figcaption></figcaption>
      </figure>
      <button type="button" class="btn">关闭</button>
    </dialog>`;
}
