/**
 * What is true about a device and a home, in the words every page uses (issue 22, item 4: a home whose
 * alarms never connected is not "protected"). One place derives it from the API's device state; the home
 * list, the device page, the 报警 tab and the self-test button all read it from here.
 *
 * The API's state (api/src/modules/devices/device-state.ts) is the worst condition first: alarm, never
 * connected, offline, off its base (tamper), faulty, low battery, normal. A device protects a home only when
 * its messages reach us: normal, or low battery (it still sounds and reports, but needs a battery soon).
 */
import { formatTime, timeAgo, type Tone } from "./format";
import type { DeviceNetworkName, DevicePowerName, DeviceState } from "@anxin/contract";

export type Health = "alarm" | "never_connected" | "offline" | "off_base" | "faulty" | "low_battery" | "protected";

export interface DeviceHealth {
  key: Health;
  /** the badge: two to four characters */
  label: string;
  tone: Tone;
  /** one sentence: what it means for the resident and what to do */
  detail: string;
  /** its alarms reach us and the family now */
  protects: boolean;
  /** it can take a remote command (self-test) now */
  reachable: boolean;
}

const HEALTH: Record<Health, Omit<DeviceHealth, "key">> = {
  alarm: {
    label: "报警中",
    tone: "danger",
    detail: "这个报警器正在报警。",
    protects: true,
    reachable: true,
  },
  never_connected: {
    label: "还没联网",
    tone: "danger",
    // the advice depends on the device: see notConnected() below
    detail: "它还没有和我们联系过：响了我们收不到，也不能通知家人。请装好电池，放在手机有信号的地方。",
    protects: false,
    reachable: false,
  },
  offline: {
    label: "失去联系",
    tone: "danger",
    detail: "它很久没有和我们联系了（可能没电、坏了或信号不好）：现在响了我们可能收不到。",
    protects: false,
    reachable: false,
  },
  off_base: {
    label: "被拆下",
    tone: "danger",
    detail: "它被从底座上拆下或被打开了：请装回去，装好才能正常报警。",
    protects: false,
    reachable: true,
  },
  faulty: {
    label: "故障",
    tone: "danger",
    detail: "它自己查出了故障，可能不会响：请联系物业维修或更换。",
    protects: false,
    reachable: true,
  },
  low_battery: {
    label: "电量低",
    tone: "warn",
    detail: "它还在守护，但电池快没电了：请尽快换电池。",
    protects: true,
    reachable: true,
  },
  protected: {
    label: "在守护",
    tone: "ok",
    detail: "它在正常工作，有烟雾会马上通知您和家人。",
    protects: true,
    reachable: true,
  },
};

const FROM_STATE: Record<DeviceState, Health> = {
  alarm: "alarm",
  never_connected: "never_connected",
  offline: "offline",
  tamper: "off_base",
  fault: "faulty",
  low_battery: "low_battery",
  normal: "protected",
};

/**
 * What the API says about a device's model: its kind and name, and how it is powered and reaches us when the
 * catalogue says (the list's `kind`, `modelName`, `power`, `network`; the detail's `model`).
 */
export interface DeviceModelHint {
  kind?: string | null;
  modelName?: string | null;
  power?: DevicePowerName | string | null;
  network?: DeviceNetworkName | string | null;
  model?: {
    kind?: string | null;
    name?: string | null;
    power?: DevicePowerName | string | null;
    network?: DeviceNetworkName | string | null;
  } | null;
}

/**
 * How a device is powered and how it reaches us. The model's catalogue entry says it (power, network); for a
 * model entered before the catalogue had them (null), the model's name may say it ("独立式光电感烟报警器（Wi-Fi，
 * 市电）", "NB-IoT 家用可燃气体探测器"), as the county's models are named, and without a word in the name: a smoke
 * alarm is a battery NB-IoT one (the common kind), a gas detector is plugged in (a household gas detector runs on
 * mains power) and reaches us over the mobile network. Each of the two is taken from the catalogue when it is
 * there and guessed only when it is not.
 */
export interface DeviceSupply {
  gas: boolean;
  /** mains_battery: plugged in, with a backup battery that keeps it going through a power cut */
  power: "battery" | "mains" | "mains_battery";
  /** mobile: NB-IoT or 4G/Cat.1 (a phone's signal); lora: through the building's gateway; bus: a panel's loop */
  network: "mobile" | "wifi" | "lora" | "wired" | "bus";
}

const POWER: Record<DevicePowerName, DeviceSupply["power"]> = {
  BATTERY: "battery",
  MAINS: "mains",
  MAINS_BATTERY: "mains_battery",
};
const NETWORK: Record<DeviceNetworkName, DeviceSupply["network"]> = {
  NB_IOT: "mobile",
  CELLULAR: "mobile",
  WIFI: "wifi",
  LORA: "lora",
  ETHERNET: "wired",
  WIRED_BUS: "bus",
};
const has = <K extends string>(table: Record<K, unknown>, v: string | null | undefined): v is K =>
  typeof v === "string" && Object.prototype.hasOwnProperty.call(table, v);

export function deviceSupply(d: DeviceModelHint): DeviceSupply {
  const kind = d.model?.kind ?? d.kind ?? "";
  const gas = kind === "GAS_DETECTOR";
  const givenPower = d.model?.power ?? d.power;
  const givenNetwork = d.model?.network ?? d.network;
  // the guess from the name, for what the catalogue does not say
  const name = (d.model?.name ?? d.modelName ?? "").toLowerCase();
  const wifi = /wi-?fi|无线网/.test(name);
  const mains = /市电|插电|220\s*v|交流/.test(name);
  const battery = /电池/.test(name);
  const network = has(NETWORK, givenNetwork) ? NETWORK[givenNetwork] : wifi ? "wifi" : "mobile";
  const power = has(POWER, givenPower)
    ? POWER[givenPower]
    : mains
      ? "mains"
      : battery
        ? "battery"
        : gas || network === "wifi"
          ? "mains"
          : "battery";
  return { gas, power, network };
}

/**
 * How the device is powered and reaches us, in a resident's words, when its model says ("用电池，靠手机信号联网");
 * null when the catalogue does not say (a guess is not shown as a fact).
 */
export function supplyWords(d: DeviceModelHint): string | null {
  const power = d.model?.power ?? d.power;
  const network = d.model?.network ?? d.network;
  const p = has(POWER, power)
    ? { battery: "用电池", mains: "插电使用", mains_battery: "插电使用，带备用电池" }[POWER[power]]
    : null;
  const n = has(NETWORK, network)
    ? {
        mobile: "靠手机信号联网",
        wifi: "靠家里的无线网（Wi-Fi）联网",
        lora: "靠楼里的无线网关联网",
        wired: "靠网线联网",
        bus: "接在消防报警控制器上",
      }[NETWORK[network]]
    : null;
  return p && n ? `${p}，${n}` : (p ?? n);
}

/** What to do about a device that is not reaching us, in words for the device in hand. */
function reconnectAdvice(s: DeviceSupply): string {
  // a panel's loop device is powered and reached through the panel: the building's people see to it
  if (s.network === "bus") return "它接在消防报警控制器上：请联系物业或维保单位检查线路和控制器。";
  const power =
    s.power === "battery"
      ? "请装好电池"
      : s.gas
        ? "请把它的电源插头插好，一直插着别拔"
        : "请看看它的电源插头插好没有、家里有没有停电";
  const network = {
    wifi: "它靠家里的无线网（Wi-Fi）联网：请把家里的无线网路由器打开；换过无线网或密码的，请联系安装师傅重新连网。",
    mobile: "它靠手机信号联网：请装在手机有信号的地方。",
    lora: "它通过楼里的无线网关联网：请联系物业看看网关有没有通电。",
    wired: "它靠网线联网：请看看网线插好没有、家里的路由器开着没有。",
  }[s.network];
  return `${power}。${network}`;
}

/** Why a device may have stopped reaching us ("可能没电、坏了或信号不好"). */
function offlineWhy(s: DeviceSupply): string {
  if (s.network === "bus") return "可能线路断了或控制器出了问题";
  const power = s.power === "battery" ? "没电、坏了" : "拔了电源、停了电";
  const network = { wifi: "家里无线网断了", mobile: "信号不好", lora: "网关断了", wired: "网线断了" }[s.network];
  return `可能${power}或${network}`;
}

function tailored(key: Health, s: DeviceSupply): string | null {
  const what = s.gas ? "漏气报警" : "响了";
  if (key === "never_connected")
    return `它还没有和我们联系过：${what}我们收不到，也不能通知家人。${reconnectAdvice(s)}`;
  if (key === "offline")
    return `它很久没有和我们联系了（${offlineWhy(s)}）：现在${what}我们可能收不到。${reconnectAdvice(s)}`;
  if (key === "protected" && s.gas) return "它在正常工作，家里漏气会马上通知您和家人。";
  if (key === "alarm" && s.gas)
    return "这个可燃气体探测器正在报警：请关掉燃气阀门、打开门窗，不要开关电器、不要点火，到屋外再打电话。";
  if (key === "low_battery" && s.power !== "battery")
    return "它还在守护，但备用电池快没电了：请联系物业或安装师傅更换。";
  return null;
}

/**
 * A device's health from the API's state. A state this version does not know protects nothing (it is
 * shown as lost contact, never as protected); a device never seen is never connected whatever it says.
 * Given the device's model (kind, name, and power and network where the catalogue has them), the advice fits
 * it: a battery NB-IoT alarm, a mains Wi-Fi one, a gas detector.
 */
export function deviceHealth(
  d: { state: DeviceState | string; lastSeenAt?: string | null } & DeviceModelHint,
): DeviceHealth {
  let key: Health = FROM_STATE[d.state as DeviceState] ?? "offline";
  if (d.lastSeenAt === null && key !== "alarm") key = "never_connected";
  const known = d.kind || d.modelName || d.model || d.power || d.network;
  const detail = known ? tailored(key, deviceSupply(d)) : null;
  return { key, ...HEALTH[key], ...(detail ? { detail } : {}) };
}

/** "今天 14:03（3分钟前）", or "还没有联系过" for a device never heard from. */
export function lastContact(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return "还没有联系过";
  return `${formatTime(iso, new Date(now))}（${timeAgo(iso, now)}）`;
}

export type HomeHealthKey = "none" | "alarm" | "protected" | "partly" | "unprotected";

export interface HomeHealth {
  key: HomeHealthKey;
  tone: Tone;
  /** one line for the top of a card: is this home protected? */
  title: string;
  /** what is wrong, by kind of problem ("2 个还没联网，1 个失去联系") */
  detail: string;
  total: number;
  protecting: number;
}

const PROBLEM_ORDER: Health[] = ["never_connected", "offline", "off_base", "faulty"];

function problems(hs: DeviceHealth[]): string {
  return PROBLEM_ORDER.map((k) => {
    const n = hs.filter((h) => h.key === k).length;
    return n > 0 ? `${n} 个${HEALTH[k].label}` : "";
  })
    .filter(Boolean)
    .join("，");
}

/** Is a home (or every home together) protected? Counts only devices whose alarms would reach us. */
export function homeHealth(devices: { state: DeviceState | string; lastSeenAt?: string | null }[]): HomeHealth {
  const hs = devices.map(deviceHealth);
  const total = hs.length;
  const protecting = hs.filter((h) => h.protects).length;
  const lowBattery = hs.filter((h) => h.key === "low_battery").length;
  const battery = lowBattery > 0 ? `${lowBattery} 个电量低，请尽快换电池。` : "";
  if (total === 0)
    return {
      key: "none",
      tone: "warn",
      title: "还没有绑定报警器",
      detail: "绑定报警器以后，家里有烟雾会马上通知您和家人。",
      total,
      protecting,
    };
  if (hs.some((h) => h.key === "alarm"))
    return { key: "alarm", tone: "danger", title: "正在报警", detail: "请马上查看报警。", total, protecting };
  if (protecting === total)
    return {
      key: "protected",
      tone: lowBattery > 0 ? "warn" : "ok",
      title: total === 1 ? "报警器在守护您" : `${total} 个报警器都在守护您`,
      detail: battery || "有烟雾会马上通知您和家人。",
      total,
      protecting,
    };
  if (protecting === 0)
    return {
      key: "unprotected",
      tone: "danger",
      title: total === 1 ? "报警器现在不能守护您" : `${total} 个报警器现在都不能守护您`,
      detail: `${problems(hs)}：有烟雾时我们收不到，也不能通知家人。`,
      total,
      protecting,
    };
  return {
    key: "partly",
    tone: "danger",
    title: `${total} 个报警器中只有 ${protecting} 个在守护您`,
    detail: `${problems(hs)}：这些报警器有烟雾时我们收不到。${battery}`,
    total,
    protecting,
  };
}
