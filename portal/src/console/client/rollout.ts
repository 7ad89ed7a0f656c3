// The printable acceptance record's one script (issue 19 part A): its 打印 button. The roll-out and
// acceptance screens themselves are the React app's (app/screens/Rollout*.tsx, Acceptance*.tsx).
document.getElementById("print")?.addEventListener("click", () => window.print());
document.body.dataset.ready = "1";
