/**
 * What a device serial number (序列号) printed on a label looks like, checked where people type or paste
 * serials in bulk (the installers' sheets): 8 to 32 letters, digits, "-" or "_", starting with a letter or
 * a digit. Our devices' serials are "SN" and ten digits (SN2026110001); a sheet's "SN999" is a typing slip
 * that would register a device nobody can find again (issue 22 item 8).
 */
export const SERIAL_RULE = /^[A-Za-z0-9][A-Za-z0-9_-]{7,31}$/;
export const SERIAL_MIN = 8;
export const SERIAL_MAX = 32;

/** null when the serial looks like one, else the reason in Chinese, naming the serial. */
export function serialProblem(serial: string): string | null {
  const s = serial.trim();
  if (SERIAL_RULE.test(s)) return null;
  const why =
    s.length < SERIAL_MIN
      ? `太短（${s.length} 位）`
      : s.length > SERIAL_MAX
        ? `太长（${s.length} 位）`
        : "含有字母、数字、- 和 _ 以外的字符";
  return `序列号“${s.length > 40 ? `${s.slice(0, 40)}…` : s}”不对：${why}。序列号是设备标签上印的 ${SERIAL_MIN}-${SERIAL_MAX} 位字母和数字（例如 SN2026110001），请照标签核对`;
}
