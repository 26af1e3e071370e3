import { describe, expect, it } from 'vitest';
import { buildFunnel, proportionLimits, Z95, Z998 } from './funnel.ts';

// The published baseline 80.642448 % is itself rounded to the 6th decimal, so the limits computed from
// it can differ from the published ones by one unit in that decimal: compare within 1.5e-6 percentage points.
const pct = (x: number) => x * 100;
const near = (got: number, published: number) => expect(Math.abs(got - published)).toBeLessThanOrEqual(1.5e-6);

describe('funnel limits for proportions (PHE worked example, Spiegelhalter 2005)', () => {
  const target = 0.80642448;
  it('z values are 1.959964 and 3.090232', () => {
    expect(Math.round(Z95 * 1e6) / 1e6).toBe(1.959964);
    expect(Math.round(Z998 * 1e6) / 1e6).toBe(3.090232);
  });
  it('n = 3: lower 95 % = 35.933491 %', () => {
    near(pct(proportionLimits(target, 3).lower95), 35.933491);
  });
  it('n = 664: lower 95 % = 77.637263 %, upper 99.8 % = 85.380656 %', () => {
    const l = proportionLimits(target, 664);
    near(pct(l.lower95), 77.637263);
    near(pct(l.upper998), 85.380656);
  });
  it('n = 110,000: lower 95 % = 80.408963 %, upper 99.8 % = 81.010578 %', () => {
    const l = proportionLimits(target, 110_000);
    near(pct(l.lower95), 80.408963);
    near(pct(l.upper998), 81.010578);
  });
});

describe('overdispersion', () => {
  // Units spread far more than binomial chance allows.
  const units = [
    { events: 10, n: 100 },
    { events: 40, n: 100 },
    { events: 20, n: 200 },
    { events: 90, n: 300 },
    { events: 5, n: 50 },
    { events: 60, n: 150 },
    { events: 30, n: 250 },
    { events: 70, n: 180 },
    { events: 15, n: 120 },
    { events: 45, n: 90 },
  ];
  it('multiplicative: φ = mean of squared winsorized z-scores widens the limits by √φ', () => {
    const plain = buildFunnel(units, 'none');
    const f = buildFunnel(units, 'multiplicative');
    const t = f.target;
    const z = units.map((u) => (u.events / u.n - t) / Math.sqrt((t * (1 - t)) / u.n));
    const s = [...z].sort((a, b) => a - b);
    const q = (p: number) => {
      const h = (s.length - 1) * p;
      const lo = Math.floor(h);
      return s[lo] + (h - lo) * (s[Math.ceil(h)] - s[lo]);
    };
    const w = z.map((x) => Math.min(q(0.9), Math.max(q(0.1), x)));
    const phi = w.reduce((a, x) => a + x * x, 0) / w.length;
    expect(f.phi).toBeCloseTo(phi, 10);
    expect(f.phi).toBeGreaterThan(1);
    const half = (l: { upper95: number; lower95: number }) => (l.upper95 - l.lower95) / 2;
    expect(half(f.limitsAt(100)) / half(plain.limitsAt(100))).toBeCloseTo(Math.sqrt(phi), 10);
    expect(plain.phi).toBe(1);
  });
  it('additive: τ² > 0 and the limits never get narrower than plain ones', () => {
    const f = buildFunnel(units, 'additive');
    expect(f.tau2).toBeGreaterThan(0);
    expect(f.limitsAt(1000).upper95).toBeGreaterThan(buildFunnel(units, 'none').limitsAt(1000).upper95);
  });
  it('units inside chance keep φ = 1', () => {
    const f = buildFunnel(
      [
        { events: 50, n: 100 },
        { events: 51, n: 100 },
        { events: 49, n: 100 },
      ],
      'multiplicative',
    );
    expect(f.phi).toBe(1);
    expect(f.classify({ events: 90, n: 100 }).outside998).toBe(true);
    expect(f.classify({ events: 52, n: 100 }).outside95).toBe(false);
  });
});
