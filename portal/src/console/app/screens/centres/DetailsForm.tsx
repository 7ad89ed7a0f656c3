// A centre's details: name, address, capacity, opening hours, facilities.
import { api } from "../../../client/api.ts";
import { Field } from "../../components/Field.tsx";
import { Busy, type FormProps, required, text, useSubmit } from "./form-kit.tsx";
import { centreUrl } from "./words.ts";

export function DetailsForm(props: FormProps) {
  const c = props.centre;
  const { a, submit, errors } = useSubmit(
    async (f) => {
      required(f, ["name", "address", "openingHours", "capacity"]);
      await api("PATCH", centreUrl(c.id), {
        name: text(f, "name"),
        address: text(f, "address"),
        openingHours: text(f, "openingHours"),
        phone: text(f, "phone") || null,
        capacity: Number(text(f, "capacity")),
        facilities: text(f, "facilities")
          .split(/[、,，;；\n]+/)
          .map((x) => x.trim())
          .filter(Boolean),
      });
      return "场馆信息已保存";
    },
    props.onStart,
    props.onSaved,
  );
  return (
    <form id="centre-edit" className="form-grid" data-centre={c.id} noValidate onSubmit={submit}>
      <Field label="名称 *" name="name" errors={errors}>
        <input id="centre-name-input" required maxLength={64} defaultValue={c.name} />
      </Field>
      <Field label="地址 *" name="address" errors={errors}>
        <input id="centre-address" required maxLength={200} defaultValue={c.address} />
      </Field>
      <Field label="开放时间 *" name="openingHours" errors={errors}>
        <input id="centre-hours" required maxLength={200} defaultValue={c.openingHours} />
      </Field>
      <Field label="联系电话" name="phone" errors={errors}>
        <input id="centre-phone" maxLength={20} inputMode="tel" defaultValue={c.phone ?? ""} />
      </Field>
      <Field label="容纳人数 *" name="capacity" errors={errors}>
        <input id="centre-capacity" type="number" required min={1} max={2000} defaultValue={c.capacity} />
      </Field>
      <Field label="设施（用顿号或逗号分隔）" name="facilities" errors={errors}>
        <input id="centre-facilities" maxLength={600} defaultValue={c.facilities.join("、")} />
      </Field>
      <button type="submit" className="btn primary" disabled={a.busy}>
        保存场馆信息
      </button>
      <Busy action={a} />
    </form>
  );
}
