// The portal's topics. A closed list: each article, video and quiz belongs to one, and the public site has a
// page per topic. Keys are URL segments (/topics/<key>), so they never change once published.
export const TOPICS = [
  { key: "electric-bikes", name: "电动自行车充电", blurb: "不进楼道、不进家，集中充电更安全" },
  { key: "home-electrical", name: "家庭用电安全", blurb: "插线板、电热器、老旧线路的隐患" },
  { key: "kitchen", name: "厨房用火用气", blurb: "油锅起火、燃气泄漏怎么办" },
  { key: "high-rise-escape", name: "高层建筑逃生", blurb: "不乘电梯，低姿捂鼻，关门阻烟" },
  { key: "extinguishers", name: "灭火器与灭火毯", blurb: "家里备什么、怎么用" },
  { key: "elderly-children", name: "老人与儿童", blurb: "独居老人、留守儿童的防火要点" },
  { key: "smoke-alarms", name: "烟感报警器", blurb: "响声代表什么、多久测试一次" },
  { key: "alarm-binding", name: "绑定报警器", blurb: "用安心消防小程序绑定家里的烟感" },
] as const;

export type TopicKey = (typeof TOPICS)[number]["key"];
export type Topic = (typeof TOPICS)[number];

export const TOPIC_KEYS = TOPICS.map((t) => t.key) as [TopicKey, ...TopicKey[]];

export function topicByKey(key: string): Topic | undefined {
  return TOPICS.find((t) => t.key === key);
}
