// The whole stylesheet, inlined in every page (about 4 KB): no render-blocking request, no web fonts.
// Mobile first; type is large for elderly readers (a 20px root size, 1.8 line height; nothing smaller than 17px); every text colour is at
// least 4.5:1 against its background (WCAG 1.4.3): #1f1f1f on #fff is 16:1, #a4161a on #fff 7.4:1,
// #fff on #a4161a 7.4:1, #4a4a4a on #f6f3ee 8.2:1.
export const CSS = `
*,*::before,*::after{box-sizing:border-box}
html{font-size:125%;-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font-family:-apple-system,BlinkMacSystemFont,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;font-size:1rem;line-height:1.8;color:#1f1f1f;background:#fff}
a{color:#a4161a;text-underline-offset:.2em}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,summary:focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}
img,video{max-width:100%;height:auto;display:block}
h1,h2,h3{line-height:1.35;margin:1.2em 0 .5em}
h1{font-size:1.6rem}h2{font-size:1.3rem}h3{font-size:1.12rem}
p,ul,ol{margin:0 0 1em}
li{margin:.3em 0}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5em 1em;z-index:9}
.skip:focus{left:8px}
header.site{background:#a4161a;color:#fff}
header.site .bar{display:flex;align-items:center;justify-content:space-between;gap:.5em;padding:.6em 1rem;max-width:760px;margin:0 auto}
header.site a{color:#fff;text-decoration:none}
.brand{font-weight:700;font-size:1.15rem}
.call{font-weight:700;border:2px solid #fff;border-radius:8px;padding:.1em .6em;white-space:nowrap}
nav.main{background:#7f1115}
nav.main ul{list-style:none;display:flex;flex-wrap:wrap;margin:0 auto;padding:.2em .6rem;max-width:760px}
nav.main li{margin:0}
nav.main a{display:block;color:#fff;text-decoration:none;padding:.45em .55em;min-height:44px}
nav.main a[aria-current=page]{text-decoration:underline;text-decoration-thickness:3px}
main{display:block;max-width:760px;margin:0 auto;padding:.5rem 1rem 2rem}
.crumbs{font-size:.9rem;margin:.8em 0 0}
.lead{font-size:1.1rem;color:#333}
.meta{font-size:.9rem;color:#4a4a4a}
.ticket-number{font-size:2.4rem;font-weight:700;letter-spacing:.3rem;margin:.3rem 0 1rem}
.cards{list-style:none;padding:0;display:grid;gap:.8rem}
.card{border:1px solid #d8d2c8;border-radius:12px;padding:.8rem 1rem;background:#fff}
.card h3{margin:.1em 0 .3em}
.card p{margin:0;color:#4a4a4a;font-size:.95rem}
.topics{list-style:none;padding:0;display:grid;grid-template-columns:1fr 1fr;gap:.6rem}
.topics a{display:block;border-radius:12px;background:#f6f3ee;color:#1f1f1f;padding:.7rem .8rem;text-decoration:none;min-height:44px;font-weight:600}
.topics span{display:block;font-weight:400;font-size:.85rem;color:#4a4a4a}
.warn{border-left:6px solid #b45309;background:#fff7ed;padding:.6rem 1rem;border-radius:8px;margin:.8rem 0}
.warn.SEVERE{border-color:#a4161a;background:#fdecec}
.warn h2,.warn h3{margin:.1em 0 .2em;font-size:1.1rem}
.season{background:#f6f3ee;border-radius:12px;padding:.4rem 1rem .6rem;margin:1rem 0}
.tip{background:#fff7ed;border-left:6px solid #b45309;padding:.6rem 1rem;border-radius:8px;margin:0 0 1em}
.tip p{margin:0}
.emergency{background:#a4161a;color:#fff;border-radius:12px;padding:.8rem 1rem;margin:1rem 0}
.emergency a{color:#fff;font-weight:700}
.big{font-size:1.6rem;font-weight:700}
fieldset{border:1px solid #d8d2c8;border-radius:12px;margin:0 0 1rem;padding:.6rem 1rem}
legend{font-weight:700;padding:0 .3em}
label.choice{display:flex;gap:.6em;align-items:flex-start;padding:.4em 0;min-height:44px;cursor:pointer}
input[type=radio],input[type=checkbox]{width:1.3em;height:1.3em;margin-top:.3em;flex:none}
label.field{display:block;font-weight:600;margin:.8em 0 .2em}
input[type=text],input[type=password],input[type=url],input[type=file],select,textarea{font:inherit;font-size:1rem;width:100%;padding:.45em .6em;border:1px solid #767676;border-radius:8px;background:#fff;color:#1f1f1f}
textarea{min-height:12em}
button,.button{font:inherit;font-weight:700;background:#a4161a;color:#fff;border:0;border-radius:10px;padding:.55em 1.2em;min-height:48px;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary{background:#fff;color:#a4161a;border:2px solid #a4161a}
.file-pick{position:relative;display:flex;flex-wrap:wrap;gap:.6rem;align-items:center;margin:.2em 0}
.file-pick input[type=file]{position:absolute;left:0;bottom:0;width:1px;height:1px;padding:0;border:0;opacity:0}
.file-pick input[type=file]:focus-visible+.file-button{outline:3px solid #1d4ed8;outline-offset:2px}
.file-button{background:#fff;color:#a4161a;border:2px solid #a4161a}
.file-pick input:invalid~.file-state::after{content:"未选择文件"}
.file-pick input:valid~.file-state::after{content:"已选择文件"}
.right{color:#166534;font-weight:700}.wrong{color:#a4161a;font-weight:700}
.result{border:1px solid #d8d2c8;border-radius:12px;padding:.6rem 1rem;margin:0 0 1rem}
.score{font-size:1.4rem;font-weight:700}
.status{display:inline-block;font-size:.85rem;border-radius:6px;padding:0 .5em;background:#eee;color:#1f1f1f}
.status.PUBLISHED{background:#dcfce7}.status.IN_REVIEW{background:#fef3c7}.status.ARCHIVED{background:#e5e7eb}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border-bottom:1px solid #ddd;padding:.4em;text-align:left;vertical-align:top}
.notice{background:#eff6ff;border:1px solid #93c5fd;border-radius:12px;padding:.6rem 1rem}
.error{background:#fdecec;border:1px solid #a4161a;border-radius:12px;padding:.6rem 1rem}
.actions{display:flex;flex-wrap:wrap;gap:.6rem;align-items:center}
footer.site{background:#f6f3ee;color:#3d3d3d;font-size:.9rem;padding:1rem}
footer.site div{max-width:760px;margin:0 auto}
@media (min-width:720px){.topics{grid-template-columns:1fr 1fr 1fr}.cards.two{grid-template-columns:1fr 1fr}}
`
  .replace(/\n/g, "")
  .trim();
