/** Longest side of a stored customer photo: enough for the customer's page. */
const PHOTO_SIZE = 256
/** Longest side of the copy the customer table shows in every row. */
const THUMBNAIL_SIZE = 96

export interface ResizedPhoto {
  photo: string
  thumbnail: string
}

function drawScaled(bitmap: ImageBitmap, longestSide: number): string {
  const scale = Math.min(1, longestSide / Math.max(bitmap.width, bitmap.height))
  const canvas = document.createElement('canvas')
  canvas.width = Math.max(1, Math.round(bitmap.width * scale))
  canvas.height = Math.max(1, Math.round(bitmap.height * scale))
  const context = canvas.getContext('2d')
  if (!context) throw new Error('This image could not be opened')
  // JPEG has no transparency: a transparent PNG would turn black without a white background.
  context.fillStyle = '#fff'
  context.fillRect(0, 0, canvas.width, canvas.height)
  context.drawImage(bitmap, 0, 0, canvas.width, canvas.height)
  return canvas.toDataURL('image/jpeg', 0.85)
}

/**
 * Scales a picked image down (photo and table thumbnail) and re-encodes it as JPEG, so a
 * 12-megapixel phone picture becomes a few kilobytes before it ever crosses the bridge.
 * Throws a message a person can read when the file is not an image the browser can open.
 */
export async function resizePhoto(file: File): Promise<ResizedPhoto> {
  if (!/^image\/(jpeg|png|webp)$/.test(file.type)) throw new Error('Choose a JPEG, PNG or WebP image')
  let bitmap: ImageBitmap
  try {
    bitmap = await createImageBitmap(file)
  } catch {
    throw new Error('This image could not be opened')
  }
  try {
    return { photo: drawScaled(bitmap, PHOTO_SIZE), thumbnail: drawScaled(bitmap, THUMBNAIL_SIZE) }
  } finally {
    bitmap.close()
  }
}
