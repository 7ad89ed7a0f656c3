// The portal's topics: the closed list lives in the contract (contract/education.ts), beside the schemas
// built on it.
export { TOPICS, TOPIC_KEYS, topicByKey, type Topic, type TopicKey } from "../../contract/education.ts";
