// A live chart of one call's quality from `webrtcStats`: MOS, round trip and
// loss, one point a second, on a canvas (no library, nothing to fetch).
const POINTS = 120; // two minutes
// The first half minute fills the chart as it comes, rather than a sliver.
const MIN_SPAN = 30;
const SERIES = [
  // value, scale top, colour (the figcaption's keys use the same colours)
  { key: 'mos', top: 5, bottom: 1, colour: '#2457d6' },
  { key: 'rtt', top: 500, bottom: 0, colour: '#b26a00' },
  { key: 'packetLossRate', top: 0.2, bottom: 0, colour: '#b3261e' },
];

export class QualityChart {
  constructor(canvas) {
    this.canvas = canvas;
    this.points = [];
  }

  reset() {
    this.points = [];
    this.canvas.dataset.points = '0';
    this.draw();
  }

  push(stats) {
    this.points.push(stats);
    if (this.points.length > POINTS) this.points.shift();
    this.canvas.dataset.points = String(this.points.length);
    const loss = (stats.packetLossRate * 100).toFixed(1);
    this.canvas.setAttribute('aria-label',
      `Call quality: MOS ${stats.mos.toFixed(1)}, round trip ${Math.round(stats.rtt)} ms, loss ${loss} %`);
    this.draw();
  }

  draw() {
    const { canvas } = this;
    const g = canvas.getContext('2d');
    const w = canvas.width;
    const h = canvas.height;
    g.clearRect(0, 0, w, h);
    g.strokeStyle = '#d9dee8';
    g.lineWidth = 1;
    for (const y of [0.25, 0.5, 0.75]) {
      g.beginPath();
      g.moveTo(0, Math.round(h * y) + 0.5);
      g.lineTo(w, Math.round(h * y) + 0.5);
      g.stroke();
    }
    const step = w / (Math.max(this.points.length, MIN_SPAN) - 1);
    for (const s of SERIES) {
      g.strokeStyle = s.colour;
      g.lineWidth = 2;
      g.beginPath();
      this.points.forEach((p, i) => {
        const v = Math.min(Math.max((p[s.key] - s.bottom) / (s.top - s.bottom), 0), 1);
        const x = i * step;
        const y = h - 2 - v * (h - 4);
        if (i === 0) g.moveTo(x, y);
        else g.lineTo(x, y);
      });
      g.stroke();
    }
  }
}
