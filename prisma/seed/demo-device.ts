// A demo device as data/demo.json lists it (apart from demo-seed.ts, so the part seeds need not import it).
export interface DemoDevice {
  id: string;
  serial: string;
  secret: string;
  modelId: string;
  address: string | null;
  room: string | null;
  /** for devices not yet bound: the one-time code (and QR link) printed on the label */
  bindCode: string | null;
  bindQr: string | null;
}
