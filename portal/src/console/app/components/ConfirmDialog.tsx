// A modal question with the consequences spelled out (<dialog id="confirm">): ask() resolves true only on
// the confirm button; the safe choice has the focus; Esc is "no".
import { useCallback, useEffect, useRef, useState } from "react";

export function useConfirm(noLabel = "返回") {
  const ref = useRef<HTMLDialogElement>(null);
  const [question, setQuestion] = useState<{ lines: string[]; yes: string } | null>(null);
  const answer = useRef<((ok: boolean) => void) | null>(null);

  const ask = useCallback(
    (lines: string[], yes: string) =>
      new Promise<boolean>((resolve) => {
        answer.current?.(false);
        answer.current = resolve;
        setQuestion({ lines, yes });
      }),
    [],
  );

  useEffect(() => {
    const d = ref.current;
    if (!d || !question || d.open) return;
    d.returnValue = "";
    d.showModal();
    d.querySelector<HTMLButtonElement>("button.confirm-no")?.focus();
  }, [question]);

  // React's own close handler, so the answer is heard wherever and whenever the dialog is drawn (a screen
  // that shows a loading view first mounts it later than this hook runs)
  const closed = (d: HTMLDialogElement) => {
    answer.current?.(d.returnValue === "yes");
    answer.current = null;
    setQuestion(null);
  };

  const dialog = (
    <dialog id="confirm" className="confirm" aria-label="请确认" ref={ref} onClose={(e) => closed(e.currentTarget)}>
      <form method="dialog">
        <div className="confirm-text">
          {question?.lines.map((l) => (
            <p key={l}>{l}</p>
          ))}
        </div>
        <div className="actions">
          <button value="no" className="btn confirm-no">
            {noLabel}
          </button>
          <button value="yes" className="btn danger confirm-yes">
            {question?.yes ?? "确认"}
          </button>
        </div>
      </form>
    </dialog>
  );
  return { ask, dialog };
}
