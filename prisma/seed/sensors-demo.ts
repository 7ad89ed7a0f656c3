// Demo facility sensors (issue 15) and NB-IoT alarms through the carrier platforms (issue 20), added to the
// demo county by seedDemo: in 幸福小区 1号楼 (Zhang San's building) a roof tank level sensor, the fire pump, an
// electrical fire monitor in the switch room, a gas detector in the ground-floor canteen kitchen, a manual call
// point, two wireless sound-and-light alarms (linkage) and three hydrants outdoors with coordinates; on the first
// networked unit (when the units demo is seeded) a tank, a pump and an electrical fire monitor; and two NB-IoT
// devices in homes: a CTWing smoke alarm (thing model) in Zhang San's bedroom, a OneNET smoke alarm (data
// streams, `Alarm_Status`) in his living room and a OneNET gas detector in his kitchen.
// Their ids and MQTT secrets go into data/demo.json with the other demo devices.
import type { DeviceKind, DeviceNetwork, DevicePower, Prisma } from "../../api/src/db/client.ts";
import { hashDeviceSecret, newDeviceSecret } from "../../api/src/modules/devices/device-secrets.ts";
import type { DemoDevice } from "./demo-device.ts";

/** The demo's carrier identities (the stand-ins and `npm run simulate:nbiot` use them). */
export const DEMO_NBIOT = {
  ctwing: { productId: "17100001", deviceId: "17100001a1b2c3d4", imei: "869975030000011" },
  onenet: { productId: "610002", deviceId: "520000001", imei: "869975030000022" },
  onenetSmoke: { productId: "610001", deviceId: "520000002", imei: "869975030000033" },
} as const;

/** Each demo carrier identity's product profile (api/src/transport/carriers/profiles/). */
const PROFILE_OF: Record<string, string> = {
  [DEMO_NBIOT.ctwing.productId]: "ctwing-nb-smoke-thing-model",
  [DEMO_NBIOT.onenet.productId]: "onenet-nb-gas-detector",
  [DEMO_NBIOT.onenetSmoke.productId]: "onenet-nb-smoke-datastreams",
};

export interface DemoSensorDevice extends DemoDevice {
  kind: DeviceKind;
  place: string;
  carrier?: { platform: "ctwing" | "onenet"; productId: string; deviceId: string; imei: string };
}

/**
 * The demo's facility and NB-IoT models, each with how it is powered and reaches us (DeviceModel.power, .network):
 * sensors far from a socket (the roof tank, an outdoor hydrant) and the wireless call point and sounders run on
 * batteries; what sits by the switchboard or in a pump room is powered from it, the pump's monitor with a battery
 * to report the cabinet's own power failure; a kitchen gas detector with a shut-off valve is plugged in.
 */
const MODELS: {
  id: string;
  kind: DeviceKind;
  name: string;
  heartbeatIntervalSec: number;
  power: DevicePower;
  network: DeviceNetwork;
  supportsMute?: boolean;
}[] = [
  {
    id: "AX-WL10",
    kind: "WATER_LEVEL",
    name: "消防水箱液位传感器",
    heartbeatIntervalSec: 3600,
    power: "BATTERY",
    network: "NB_IOT",
  },
  {
    id: "AX-PC10",
    kind: "PUMP",
    name: "消防泵控制柜监测模块",
    heartbeatIntervalSec: 3600,
    power: "MAINS_BATTERY",
    network: "CELLULAR",
  },
  {
    id: "AX-HP10",
    kind: "HYDRANT_PRESSURE",
    name: "室外消火栓水压监测终端",
    heartbeatIntervalSec: 3600,
    power: "BATTERY",
    network: "NB_IOT",
  },
  {
    id: "AX-EF10",
    kind: "ELECTRICAL_FIRE",
    name: "电气火灾监控探测器（4 路剩余电流 + 4 路温度）",
    heartbeatIntervalSec: 1800,
    power: "MAINS",
    network: "CELLULAR",
  },
  {
    id: "AX-GD10",
    kind: "GAS_DETECTOR",
    name: "点型可燃气体探测器（带切断阀）",
    heartbeatIntervalSec: 3600,
    power: "MAINS",
    network: "CELLULAR",
  },
  {
    id: "AX-MC10",
    kind: "MANUAL_CALL_POINT",
    name: "无线手动火灾报警按钮",
    heartbeatIntervalSec: 12 * 3600,
    power: "BATTERY",
    network: "LORA",
  },
  {
    id: "AX-SL10",
    kind: "SOUND_LIGHT",
    name: "无线声光警报器",
    heartbeatIntervalSec: 12 * 3600,
    power: "BATTERY",
    network: "LORA",
  },
  {
    id: "AX-NB-CT",
    kind: "SMOKE_ALARM",
    name: "NB-IoT 独立式烟感（电信 CTWing）",
    heartbeatIntervalSec: 12 * 3600,
    power: "BATTERY",
    network: "NB_IOT",
  },
  {
    id: "AX-NB-ON-SMOKE",
    kind: "SMOKE_ALARM",
    name: "NB-IoT 独立式烟感（移动 OneNET）",
    heartbeatIntervalSec: 12 * 3600,
    power: "BATTERY",
    network: "NB_IOT",
  },
  {
    id: "AX-NB-ON-GAS",
    kind: "GAS_DETECTOR",
    name: "NB-IoT 家用可燃气体探测器（移动 OneNET）",
    heartbeatIntervalSec: 12 * 3600,
    power: "MAINS",
    network: "NB_IOT",
  },
];

export async function seedSensorDemo(prisma: Prisma, homeId: string): Promise<DemoSensorDevice[]> {
  await prisma.deviceModel.createMany({
    data: MODELS.map((m) => ({ vendor: "安心示范", supportsMute: false, supportsSelfTest: true, ...m })),
  });
  // Zhang San's building: the first demo resident's first household (the first community's 1号楼)
  const home = await prisma.household.findUnique({
    where: { id: homeId },
    select: { id: true, unit: { select: { building: { select: { id: true, communityId: true } } } } },
  });
  if (!home) return [];
  const building = home.unit.building;
  const community = await prisma.community.findUniqueOrThrow({
    where: { id: building.communityId },
    select: { latitude: true, longitude: true },
  });
  const lat = community.latitude ?? 28.68;
  const lng = community.longitude ?? 115.86;
  const out: DemoSensorDevice[] = [];
  let n = 0;
  const add = async (
    modelId: string,
    kind: DeviceKind,
    name: string,
    where: Record<string, unknown>,
    place: string,
    carrier?: DemoSensorDevice["carrier"],
  ) => {
    n++;
    const id = `AXF${String(200000 + n)}`;
    const serial = `SNF${String(2026120000 + n)}`;
    const secret = newDeviceSecret();
    await prisma.device.create({
      data: {
        id,
        serial,
        modelId,
        secretHash: hashDeviceSecret(secret),
        name,
        boundAt: new Date(),
        ...where,
        ...(carrier
          ? {
              transport: carrier.platform,
              carrierPlatform: carrier.platform,
              carrierProductId: carrier.productId,
              carrierDeviceId: carrier.deviceId,
              imei: carrier.imei,
              profileId: PROFILE_OF[carrier.productId]!,
            }
          : {}),
      },
    });
    out.push({
      id,
      serial,
      secret,
      modelId,
      address: null,
      room: null,
      bindCode: null,
      bindQr: null,
      kind,
      place,
      ...(carrier ? { carrier } : {}),
    });
  };
  const shared = { communityId: building.communityId, buildingId: building.id };
  await add(
    "AX-WL10",
    "WATER_LEVEL",
    "屋顶消防水箱液位",
    { ...shared, floor: 17, placeName: "屋顶消防水箱" },
    "1号楼 屋顶",
  );
  await add("AX-PC10", "PUMP", "消火栓泵", { ...shared, floor: -1, placeName: "消防泵房" }, "1号楼 地下1层 泵房");
  await add(
    "AX-EF10",
    "ELECTRICAL_FIRE",
    "配电室电气火灾监控",
    { ...shared, floor: -1, placeName: "配电室" },
    "配电室",
  );
  await add(
    "AX-GD10",
    "GAS_DETECTOR",
    "食堂厨房燃气探测器",
    { ...shared, floor: 1, placeName: "食堂厨房" },
    "1层 食堂厨房",
  );
  await add(
    "AX-MC10",
    "MANUAL_CALL_POINT",
    "5层楼梯间手报",
    { ...shared, floor: 5, placeName: "楼梯间" },
    "5层 楼梯间",
  );
  await add("AX-SL10", "SOUND_LIGHT", "3层声光警报器", { ...shared, floor: 3, placeName: "楼梯间" }, "3层 楼梯间");
  await add("AX-SL10", "SOUND_LIGHT", "9层声光警报器", { ...shared, floor: 9, placeName: "楼梯间" }, "9层 楼梯间");
  const hydrants: [number, number, string][] = [
    [0.0008, 0.0005, "1号楼东侧消火栓"],
    [-0.0012, 0.0009, "小区南门消火栓"],
    [0.0021, -0.0016, "幸福路口消火栓"],
  ];
  for (const [dLat, dLng, name] of hydrants)
    await add(
      "AX-HP10",
      "HYDRANT_PRESSURE",
      name,
      { communityId: building.communityId, latitude: lat + dLat, longitude: lng + dLng, placeName: name },
      name,
    );
  // NB-IoT homes: through the carrier platforms (stand-ins in the demo)
  await add(
    "AX-NB-CT",
    "SMOKE_ALARM",
    "卧室烟感（NB-IoT）",
    { householdId: home.id, communityId: building.communityId, room: "卧室" },
    "张三家 卧室",
    { platform: "ctwing", ...DEMO_NBIOT.ctwing },
  );
  await add(
    "AX-NB-ON-GAS",
    "GAS_DETECTOR",
    "厨房燃气探测器（NB-IoT）",
    { householdId: home.id, communityId: building.communityId, room: "厨房" },
    "张三家 厨房",
    { platform: "onenet", ...DEMO_NBIOT.onenet },
  );
  // after the gas detector: tests take the first OneNET device as the gas detector
  await add(
    "AX-NB-ON-SMOKE",
    "SMOKE_ALARM",
    "客厅烟感（NB-IoT）",
    { householdId: home.id, communityId: building.communityId, room: "客厅" },
    "张三家 客厅",
    { platform: "onenet", ...DEMO_NBIOT.onenetSmoke },
  );
  // a networked unit, when the units demo has been seeded
  const unit = await prisma.networkedUnit.findFirst({
    orderBy: { createdAt: "asc" },
    select: { id: true, latitude: true, longitude: true, buildings: { select: { id: true }, take: 1 } },
  });
  if (unit) {
    const u = { unitId: unit.id, unitBuildingId: unit.buildings[0]?.id ?? null };
    await add("AX-WL10", "WATER_LEVEL", "消防水池液位", { ...u, floor: -1, placeName: "消防水池" }, "消防水池");
    await add("AX-PC10", "PUMP", "喷淋泵", { ...u, floor: -1, placeName: "消防泵房" }, "消防泵房");
    await add("AX-EF10", "ELECTRICAL_FIRE", "配电室电气火灾监控", { ...u, floor: 1, placeName: "配电室" }, "配电室");
  }
  return out;
}
