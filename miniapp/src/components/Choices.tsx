import { Text, View } from "@tarojs/components";

/**
 * Large chips to pick one of a few (a home, a community, a kind of group). In the browser they are a radio
 * group for screen readers and the keyboard (see services/a11y.ts).
 */
export function Choices<T extends string>(props: {
  label: string;
  options: { value: T; text: string }[];
  value: T | "";
  onChange: (value: T) => void;
  testId?: string;
}) {
  return (
    <View className="choices">
      <Text className="label">{props.label}</Text>
      <View className="chips" role="radiogroup" aria-label={props.label} data-testid={props.testId}>
        {props.options.map((o) => (
          <View
            key={o.value}
            className={`chip ${props.value === o.value ? "chip-on" : ""}`}
            role="radio"
            aria-checked={props.value === o.value ? "true" : "false"}
            onClick={() => props.onChange(o.value)}
          >
            {o.text}
          </View>
        ))}
      </View>
    </View>
  );
}
