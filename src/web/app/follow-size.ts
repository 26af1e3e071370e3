/**
 * Keeps an ECharts instance the size of its element: `chart.resize()` whenever the element's box
 * changes — when the window is resized, and also when the layout around it settles after the chart
 * was first drawn (a chart drawn into a box that had no width yet stays empty until it is resized).
 * Returns the function that stops following. Uses ResizeObserver; the window's resize event where
 * there is none.
 */
export function followSize(el: HTMLElement, chart: { resize(): void }): () => void {
  if (typeof ResizeObserver === 'function') {
    const ro = new ResizeObserver(() => chart.resize());
    ro.observe(el);
    return () => ro.disconnect();
  }
  const onResize = () => chart.resize();
  window.addEventListener('resize', onResize);
  return () => window.removeEventListener('resize', onResize);
}
