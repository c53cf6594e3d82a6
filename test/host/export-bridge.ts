/**
 * Added to the bridge script when the host exchanges files: a customer export that main has
 * finished writing (into the exchange's downloads folder, where the host's save dialog points)
 * is downloaded by the browser, once, when its progress first says done. Self-contained: it
 * runs in the page, after FILE_BRIDGE.
 */
export const EXPORT_BRIDGE = `(() => {
  const surface = window.backroom
  const downloaded = new Set()
  const customers = Object.freeze({
    ...surface.customers,
    async exportProgress(input) {
      const answer = await surface.customers.exportProgress(input)
      if (answer.ok && answer.data.state === 'done' && answer.data.file && !downloaded.has(answer.data.jobId)) {
        downloaded.add(answer.data.jobId)
        const name = answer.data.file.split(/[\\\\/]/).pop()
        const link = document.createElement('a')
        link.href = '/__backroom/download/' + encodeURIComponent(name)
        link.download = name
        link.click()
      }
      return answer
    },
  })
  window.backroom = Object.freeze({ ...surface, customers })
})()`
