// Keeps the chosen file's name beside each Chinese file button (pages/file-pick.ts), since the browser's
// own "No file chosen" is hidden with the input.
const NO_FILE = "未选择文件";

export function showFileName(input: HTMLInputElement): void {
  const name = input.parentElement?.querySelector<HTMLElement>(".file-name");
  const files = [...(input.files ?? [])];
  if (name) name.textContent = files.length > 1 ? `已选 ${files.length} 个文件` : (files[0]?.name ?? NO_FILE);
}

export function wireFilePicks(root: ParentNode = document): void {
  root.querySelectorAll<HTMLInputElement>(".file-pick input[type=file]").forEach((input) => {
    input.addEventListener("change", () => showFileName(input));
    // a form reset empties the input without a change event
    input.form?.addEventListener("reset", () => setTimeout(() => showFileName(input)));
  });
}
