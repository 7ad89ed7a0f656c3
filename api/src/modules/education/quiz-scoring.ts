// Scores a reader's answers. Unanswered questions count as wrong but still show the right answer and why:
// the point of the quiz is the explanations.
import type { QuestionView, QuizResult } from "../../contract/education.ts";

export function scoreQuiz(
  questions: readonly QuestionView[],
  answers: readonly (number | null | undefined)[],
): QuizResult {
  const results = questions.map((q, i) => {
    const raw = answers[i];
    const chosen = typeof raw === "number" && raw >= 0 && raw < q.choices.length ? raw : null;
    return {
      prompt: q.prompt,
      choices: q.choices,
      chosen,
      answer: q.answer,
      correct: chosen === q.answer,
      explanation: q.explanation,
    };
  });
  return { score: results.filter((r) => r.correct).length, total: questions.length, results };
}
