// The home page's seasonal advice, chosen from the month in the county's time zone (China has one, UTC+8,
// with no daylight saving). The risks follow the county fire brigade's usual seasonal campaigns.
import { countyMonth } from "../../shared/county-time.ts";
export interface SeasonalAdvice {
  season: "spring" | "summer" | "autumn" | "winter";
  title: string;
  tips: string[];
}

const ADVICE: Record<SeasonalAdvice["season"], Omit<SeasonalAdvice, "season">> = {
  spring: {
    title: "春季防火：风大物燥，野外用火要当心",
    tips: [
      "清明祭扫提倡鲜花祭扫，林区、山坡严禁焚烧纸钱、燃放鞭炮。",
      "春耕时节不要焚烧秸秆和杂草，一阵风就可能引燃山林和房屋。",
      "天气回暖，检查冬天用过的取暖器、电热毯，收起来前先断电冷却。",
    ],
  },
  summer: {
    title: "夏季防火：高温用电多，空调电动车要注意",
    tips: [
      "空调、电扇长时间运行，插头发烫要停用检查，不要与大功率电器共用一个插线板。",
      "电动自行车不要在烈日下暴晒后立即充电，充电时间不要超过 8 小时。",
      "打火机、花露水、充电宝等不要放在暴晒的车内。",
    ],
  },
  autumn: {
    title: "秋季防火：天干物燥，秋收时节防秸秆火",
    tips: [
      "秋收后严禁焚烧秸秆，谷物、柴草堆放要远离房屋和电线。",
      "天气干燥，室内外不乱扔烟头，家里不要堆积纸箱等易燃杂物。",
      "入冬前请电工检查家里老化的电线和插座。",
    ],
  },
  winter: {
    title: "冬季防火：取暖用电用气多，是火灾高发期",
    tips: [
      "取暖器远离窗帘、被褥和衣物，不要在取暖器上烘烤衣物，人走断电。",
      "电热毯不要折叠使用，不要整夜通电；老人和孩子睡觉前关掉。",
      "燃气热水器、煤炉要保持通风，防止一氧化碳中毒；春节燃放烟花爆竹远离楼道和柴草。",
    ],
  },
};

export function seasonalAdvice(now: Date): SeasonalAdvice {
  const month = countyMonth(now);
  const season =
    month >= 3 && month <= 5
      ? "spring"
      : month >= 6 && month <= 8
        ? "summer"
        : month >= 9 && month <= 11
          ? "autumn"
          : "winter";
  return { season, ...ADVICE[season] };
}
