// A file chooser that speaks Chinese (issue 22 item 8): the browser's
// own "Choose File" / "No file chosen" cannot be translated, so the real input stays in the form (focus,
// `required`, the tests' setInputFiles) drawn as our button with the chosen file's name beside it.
import { useEffect, useId, useRef, useState } from "react";

export const NO_FILE = "未选择文件";

export function FilePick(props: {
  name: string;
  label: string;
  accept: string;
  required?: boolean;
  multiple?: boolean;
  id?: string;
  onChange?: (files: File[]) => void;
}) {
  const auto = useId().replace(/:/g, "");
  const id = props.id ?? `file-${auto}`;
  const [chosen, setChosen] = useState(NO_FILE);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    // a form reset empties the input without a change event
    const form = input.current?.form;
    if (!form) return;
    const reset = () => setTimeout(() => setChosen(NO_FILE));
    form.addEventListener("reset", reset);
    return () => form.removeEventListener("reset", reset);
  }, []);
  return (
    <span className="file-pick">
      <span className="file-what" id={`${id}-what`}>
        {props.label}
      </span>
      <input
        type="file"
        id={id}
        name={props.name}
        accept={props.accept}
        required={props.required !== false}
        multiple={props.multiple}
        aria-labelledby={`${id}-what ${id}-name`}
        onChange={(e) => {
          const files = [...(e.currentTarget.files ?? [])];
          setChosen(files.length > 1 ? `已选 ${files.length} 个文件` : (files[0]?.name ?? NO_FILE));
          props.onChange?.(files);
        }}
        ref={input}
      />
      <label className="btn file-button" htmlFor={id}>
        选择文件…
      </label>
      <span className="file-name" id={`${id}-name`}>
        {chosen}
      </span>
    </span>
  );
}
