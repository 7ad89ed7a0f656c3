// The portal's Markdown subset and quiz text format: escaping first, so editors cannot inject markup.
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../portal/src/server/render/markdown.ts";
import { formatQuestions, parseQuestions, QuizTextError } from "../../portal/src/server/pages/console/quiz-text.ts";

describe("markdown subset", () => {
  it("renders headings, lists, tips and bold", () => {
    const out = renderMarkdown("## 标题\n\n- 一\n- 二\n\n1. 甲\n2. 乙\n\n> 提示\n\n**加粗**的段落");
    expect(out).toBe(
      '<h2>标题</h2>\n<ul><li>一</li><li>二</li></ul>\n<ol><li>甲</li><li>乙</li></ol>\n<aside class="tip"><p>提示</p></aside>\n<p><strong>加粗</strong>的段落</p>',
    );
  });

  it("escapes markup and refuses script links", () => {
    const out = renderMarkdown('<script>alert(1)</script> [点我](javascript:alert(1)) <img src=x onerror="a">');
    expect(out).not.toMatch(/<script|<img|href="javascript/);
    expect(out).toContain("&lt;script&gt;");
  });

  it("renders uploaded images with their size and a small variant", () => {
    const out = renderMarkdown("![示意图](/media/0123456789abcdef0123.jpg)", () => ({
      width: 1200,
      height: 600,
      smallUrl: "/media/0123456789abcdef0123-s.jpg",
    }));
    expect(out).toContain('alt="示意图" width="1200" height="600" loading="lazy"');
    expect(out).toContain("/media/0123456789abcdef0123-s.jpg 480w");
  });
});

describe("quiz text", () => {
  const text =
    "题目：油锅起火先做什么？\nA. 泼水\nB. 关火盖锅盖\n答案：B\n讲解：泼水会让油飞溅。\n\n题目：电梯能坐吗？\nA. 能\nB. 不能\n答案：b\n讲解：会断电停运。";
  it("round-trips", () => {
    const qs = parseQuestions(text);
    expect(qs).toHaveLength(2);
    expect(qs[1]).toEqual({ prompt: "电梯能坐吗？", choices: ["能", "不能"], answer: 1, explanation: "会断电停运。" });
    expect(parseQuestions(formatQuestions(qs))).toEqual(qs);
  });
  it("names the question that is wrong", () => {
    expect(() => parseQuestions("题目：一题\nA. 甲\nB. 乙\n答案：C\n讲解：略")).toThrow(QuizTextError);
    expect(() => parseQuestions("题目：一题\nA. 甲\nB. 乙\n答案：C\n讲解：略")).toThrow(/第 1 题/);
  });
});
