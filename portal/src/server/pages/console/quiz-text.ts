// Quiz questions edited as plain text in one textarea, so the console needs no JavaScript:
//
//   题目：炒菜时油锅起火，第一步应该怎么做？
//   A. 马上往锅里泼水
//   B. 关火，盖上锅盖
//   答案：B
//   讲解：先关火，再盖锅盖隔绝空气……
//
// Questions are separated by a blank line.
import type { QuestionView } from "@anxin/contract/education";

const LETTERS = "ABCDEF";

export function formatQuestions(qs: readonly QuestionView[]): string {
  return qs
    .map((q) =>
      [
        `题目：${q.prompt}`,
        ...q.choices.map((c, i) => `${LETTERS[i]}. ${c}`),
        `答案：${LETTERS[q.answer]}`,
        `讲解：${q.explanation}`,
      ].join("\n"),
    )
    .join("\n\n");
}

export class QuizTextError extends Error {}

/** Parses the text above; throws QuizTextError naming the question and what is missing. */
export function parseQuestions(
  text: string,
): { prompt: string; choices: string[]; answer: number; explanation: string }[] {
  const blocks = text
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n/)
    .map((b) => b.trim())
    .filter(Boolean);
  return blocks.map((block, n) => {
    let prompt = "";
    let explanation = "";
    let answer = -1;
    const choices: string[] = [];
    for (const line of block.split("\n").map((l) => l.trim())) {
      const choice = /^([A-F])[.．、]\s*(.+)$/.exec(line);
      if (/^题目[:：]/.test(line)) prompt = line.replace(/^题目[:：]\s*/, "");
      else if (/^答案[:：]/.test(line))
        answer = LETTERS.indexOf(
          line
            .replace(/^答案[:：]\s*/, "")
            .toUpperCase()
            .charAt(0),
        );
      else if (/^讲解[:：]/.test(line)) explanation = line.replace(/^讲解[:：]\s*/, "");
      else if (choice) choices.push(choice[2]!);
      else if (explanation) explanation += line;
    }
    const where = `第 ${n + 1} 题`;
    if (!prompt) throw new QuizTextError(`${where}缺少“题目：”`);
    if (choices.length < 2) throw new QuizTextError(`${where}至少需要两个选项（A. B. …）`);
    if (answer < 0 || answer >= choices.length)
      throw new QuizTextError(`${where}的“答案：”应为 A-${LETTERS[choices.length - 1]} 之一`);
    if (!explanation) throw new QuizTextError(`${where}缺少“讲解：”`);
    return { prompt, choices, answer, explanation };
  });
}
