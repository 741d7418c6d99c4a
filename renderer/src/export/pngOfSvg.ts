/** Largest canvas side Chromium draws reliably; bigger diagrams are drawn at a smaller scale. */
const MAX_SIDE = 16_000;

/**
 * Draws an SVG (built by diagramSvg, so no external references and no foreignObject, which
 * keeps the canvas untainted) onto a canvas and returns PNG bytes. `scale` 2 gives a sharp
 * picture on high-density screens.
 */
export async function pngOfSvg(
  svg: string,
  width: number,
  height: number,
  scale = 2,
): Promise<Uint8Array> {
  const factor = Math.min(scale, MAX_SIDE / Math.max(width, 1), MAX_SIDE / Math.max(height, 1));
  const image = new Image();
  // A data: URL, which the CSP's img-src allows (blob: it does not).
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(width * factor));
  canvas.height = Math.max(1, Math.round(height * factor));
  const context = canvas.getContext('2d');
  if (!context) throw new Error('this browser cannot draw on a canvas');
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the browser could not encode the PNG');
  return new Uint8Array(await blob.arrayBuffer());
}
