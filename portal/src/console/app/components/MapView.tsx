// A Leaflet map with markers: loaded on first use, with the tile layer the county configured (none: markers
// on a plain background, which works without internet). Markers are said in a list by the screen too.
import { useEffect, useRef } from "react";

export interface Marker {
  id: string;
  lat: number;
  lng: number;
  label: string;
  /** a bad marker (an alarm, a hydrant below its pressure) is drawn red */
  bad?: boolean;
  /** a colour of the screen's legend (overrides bad); the marker is then filled with it */
  color?: string;
  /** the label stays on the map, on this side of the marker (else it shows on hover) */
  pinned?: "left" | "right";
}

function leafletCss(): void {
  if (document.querySelector('link[href="/console/assets/leaflet.css"]')) return;
  const l = document.createElement("link");
  l.rel = "stylesheet";
  l.href = "/console/assets/leaflet.css";
  document.head.append(l);
}

export function MapView(props: {
  markers: readonly Marker[];
  label: string;
  tileUrl?: string | null;
  /** px; without it a map with an id takes its height from the stylesheet (#map), else 360 */
  height?: number;
  id?: string;
  /** called each time the markers are drawn */
  onReady?: () => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const { markers, tileUrl } = props;
  const ready = useRef(props.onReady);
  useEffect(() => {
    ready.current = props.onReady;
  });
  useEffect(() => {
    let live = true;
    let remove: (() => void) | null = null;
    leafletCss();
    void import("leaflet").then((mod) => {
      const L = mod.default;
      if (!live || !box.current) return;
      const map = L.map(box.current, { attributionControl: Boolean(tileUrl), zoomSnap: 0.5 });
      if (tileUrl) L.tileLayer(tileUrl, { maxZoom: 19 }).addTo(map);
      // a tooltip given a string takes it as HTML: names from the database go in as text
      const text = (t: string) => {
        const span = document.createElement("span");
        span.textContent = t;
        return span;
      };
      const points = markers.map((m) => {
        const color = m.color ?? (m.bad ? "#b00020" : "#1f5fa8");
        const point = L.circleMarker(
          [m.lat, m.lng],
          m.color ? { radius: 10, color, fillColor: color, fillOpacity: 0.8 } : { radius: 8, color, weight: 3 },
        );
        if (m.pinned)
          point.bindTooltip(text(m.label), {
            permanent: true,
            direction: m.pinned,
            offset: [m.pinned === "right" ? 8 : -8, 0],
          });
        else point.bindTooltip(text(m.label));
        return point.addTo(map);
      });
      if (points.length) map.fitBounds(L.featureGroup(points).getBounds().pad(0.2), { maxZoom: 16 });
      else map.setView([30, 110], 5);
      remove = () => map.remove();
      ready.current?.();
    });
    return () => {
      live = false;
      remove?.();
    };
  }, [markers, tileUrl]);
  const height = props.height ?? (props.id ? undefined : 360);
  return (
    <div
      ref={box}
      id={props.id}
      role="region"
      aria-label={props.label}
      style={height === undefined ? undefined : { height }}
    />
  );
}
