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
  height?: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  const { markers, tileUrl } = props;
  useEffect(() => {
    let live = true;
    let remove: (() => void) | null = null;
    leafletCss();
    void import("leaflet").then((mod) => {
      const L = mod.default;
      if (!live || !box.current) return;
      const map = L.map(box.current, { attributionControl: Boolean(tileUrl) });
      if (tileUrl) L.tileLayer(tileUrl, { maxZoom: 19 }).addTo(map);
      const points = markers.map((m) =>
        L.circleMarker([m.lat, m.lng], { radius: 8, color: m.bad ? "#b00020" : "#1f5fa8", weight: 3 })
          .bindTooltip(m.label)
          .addTo(map),
      );
      if (points.length) map.fitBounds(L.featureGroup(points).getBounds().pad(0.2), { maxZoom: 16 });
      else map.setView([30, 110], 5);
      remove = () => map.remove();
    });
    return () => {
      live = false;
      remove?.();
    };
  }, [markers, tileUrl]);
  return <div ref={box} role="region" aria-label={props.label} style={{ height: props.height ?? 360 }} />;
}
