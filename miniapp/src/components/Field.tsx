import { Input, Text, View } from "@tarojs/components";

/**
 * A labelled text box. The label is shown above it in large type and given to the browser's input as its
 * accessible name (Taro's H5 <Input> draws an inner <input> that a <Text> label cannot point to).
 */
export function Field(props: {
  label: string;
  value: string;
  onInput: (value: string) => void;
  testId?: string;
  placeholder?: string;
  type?: "text" | "number" | "idcard" | "digit";
  password?: boolean;
  maxlength?: number;
  /** shown under the box in smaller type */
  hint?: string;
}) {
  return (
    <View className="field">
      <Text className="label">{props.label}</Text>
      <Input
        className="input"
        value={props.value}
        type={props.type ?? "text"}
        password={props.password || undefined}
        placeholder={props.placeholder}
        maxlength={props.maxlength ?? 140}
        onInput={(e) => {
          // a raw input event can reach the handler before Taro's element has upgraded: it has no detail
          const v = (e.detail as { value?: unknown } | undefined)?.value;
          if (typeof v === "string") props.onInput(v);
        }}
        nativeProps={{ "aria-label": props.label }}
        data-testid={props.testId}
      />
      {props.hint && <Text className="txt muted block field-hint">{props.hint}</Text>}
    </View>
  );
}
