// The shapes a unit alarm's facts share between the rows read for them (facts-reader.ts) and the 119
// hand-off built from those rows (incident-facts.ts): written once here so the two cannot drift, and so
// neither file imports the other for its types.

/** the unit as the people acting on its alarm need it (its category is added by each side: a code or a name) */
export interface UnitFact {
  id: string;
  name: string;
  address: string;
  latitude: number | null;
  longitude: number | null;
  phone: string | null;
  controlRoomPhone: string | null;
  controlRoomLocation: string | null;
}

/** the building the alarm is in */
export interface BuildingFact {
  name: string;
  floorsAbove: number;
  floorsBelow: number;
  heightM: number | null;
  use: string | null;
}

/** the key part (重点部位) the alarm is in */
export interface KeyPartFact {
  name: string;
  floor: number | null;
  description: string | null;
}

/** someone the centre messages or names: a staff member (staffId) or a configured phone such as 119's duty desk */
export interface Person {
  key: string;
  name: string;
  phone: string | null;
  staffId: string | null;
}
