// Charts in the PDFs (feedback to referrers, capacity scenarios and their comparison): the same
// ECharts options the web pages draw, rendered to SVG on the server and placed with svg-to-pdfkit.
import * as echarts from 'echarts';

/**
 * An ECharts option rendered to an SVG string on the server (ECharts' server-side rendering: no
 * DOM, no canvas). `width` and `height` in px of the SVG's own coordinate system (the PDF places it
 * scaled). Throws what ECharts throws for an option it cannot draw.
 */
export function chartSvg(option: Record<string, unknown>, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
