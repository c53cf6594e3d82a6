import type { Chart, Plugin } from 'chart.js'

/**
 * Writes what a chart actually drew onto its canvas as data attributes: labels, values, where
 * each bar stands, the amounts on its axis, and the tooltip text showing right now. A canvas is pixels only, so this is
 * how a browser test (or anyone inspecting the page) can check the figures and the hover text
 * against the core's numbers instead of trusting what was passed in.
 */
export const publishChartState: Plugin<'bar'> = {
  id: 'publishChartState',
  afterRender(chart: Chart<'bar'>) {
    const canvas = chart.canvas
    const bars = chart.getDatasetMeta(0).data
    canvas.dataset.labels = JSON.stringify(chart.data.labels ?? [])
    canvas.dataset.values = JSON.stringify(chart.data.datasets[0]?.data ?? [])
    canvas.dataset.bars = JSON.stringify(bars.map((bar) => ({ x: Math.round(bar.x), y: Math.round(bar.y) })))
    canvas.dataset.axis = JSON.stringify(chart.scales.y?.ticks.map((tick) => tick.label) ?? [])
    const tooltip = chart.tooltip
    canvas.dataset.tooltip = tooltip && tooltip.opacity > 0 ? tooltip.body.flatMap((part) => part.lines).join(' ') : ''
  },
}
