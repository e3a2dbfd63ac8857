import { open } from 'node:fs/promises'
import { nativeImage, type NativeImage } from 'electron'
import { sniffImage } from '../engine/api/image-sniff'

/**
 * The icon under the pointer when a job image is dragged out of the window. Electron's startDrag does
 * nothing with an empty icon, so there is always one: the picture's own thumbnail where it is cheap,
 * else a bundled picture glyph. The picture is never decoded whole on the main thread when it is big:
 * macOS and Windows make the thumbnail in the OS thumbnailer, off this thread; elsewhere only a picture
 * of at most DECODE_MAX_PIXELS (read from its header first) is decoded here (a few ms).
 */
export const ICON_SIDE = 96
export const DECODE_MAX_PIXELS = 1024 * 1024

/**
 * A 64x64 picture glyph (frame, hills, sun), drawn with ImageMagick for this app and kept inline so it
 * ships inside the bundle, no path into app.asar needed.
 */
const FALLBACK_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAYAAACqaXHeAAADw0lEQVR42u2azUsUYRzHv+uq69HIbjoEnvbQQSUy5hqevAr+CULo3kro0LEXNBglCoKgDiEIUbiBGIGJj4a0aUFsCZovo+b75kvuujs7HbaJx212npmdR2dG53N7Xnx8vl9nft91+QE+Pj4+Pj4+PmeUAGuDKIp1AB4CuOr0ZYtgDMB1QsiUZQNEUQwAuAHgrtMqONBJCLmntxAs9BOCINw8JeIB4JogCKnFxcXR/AXdJ0AUxXoAMXouFAohEomgurraaTEFCQQCUFUVsiyjp6cHyWQyf0s9IWTSjAHjABq1cUtLC9rb21FSUuK0RtNks1n09vaiv7+fnp4ghFwxNEAUxUoA29o4FAphaGgIwWDBt8W1KIqCpqYmpFIpevocISShDfT+pBfpQSQS8aR4AAgGg+jo6DDUp2dAJT1w8ztvhpqaGkN9zJc6EGB+VHA1rPuXsg5QVdVpDQCAzEYMhzN9UBJxBCvDKK9tRWlVg+1zmQa4gWT8MdIL0X9jJRHHQew2yoRmVITbbJ3t+lzLbMSOiKdJL0SR2YhZPNFjBhzO9Nla97wBSiJua93zBgQrw7bWPW9AeW2rrXXPG1Ba1YAyoVl3rUxoth2FnojBinAbSi9cPrufA4Dck8BDcD6ufwWOG9+Ak/glqXQWt/rmkUxnndZ78gaoqoq+sXUAwPORNWRd8s/ViRkwEt/B9Eruu7n59RQGp7ZtnughA6ZXDjD0JXFkjnzfRWx2z2ndx2/A5m4az96v6a69nNjE3HrS4okeMiCVzuLBm2XDPU/erWJrL+20fv4G0EWPRXd02VQy7CWVXIoc8k8R7gbQRc8MrGTYSyq480oGADwdXoWS5ZsiXA3QK3osjJKBFg8AS1uHeP1xk+v3lNwMMCp6LPSSIV+8Rmx2H6PfdtxlgJmix4JOhkLiNQY/J/B18bc7DLBS9FhoyWAkXuMFWYe8mTJx6jEbYLXoseiOmn+SHr39ie39jHMGFFP0eNM1sGQrHos2wE7R442deCzKAB5Fjyd24tGyATyLHk+KjUfLBvAuejwpJh4tGeCGosciPx5Zr4WeAb/ogSznMtlNRY8FHY/a/SkSLAN+0ANJkqAoiquKnhm6BpagKAokScpfmqMHhbrExkB1hp6iLrEPhJAjHa+FDKgD8Imeo/sEtX48tyLLMiRJyu8OA4AGQsgRXUatsqepUxQo0C5r9EzfB9Dp9K15if+r5z/MdIvXI9ct3sja60LGkesWnyy0wVIPnCiKlwCcd1oVC0LIsNN38PHx8fHx8QB/AJOm0FM81cahAAAAAElFTkSuQmCC'

export const fallbackDragIcon = (): NativeImage => nativeImage.createFromDataURL(`data:image/png;base64,${FALLBACK_PNG}`)

export async function dragIcon(file: string, platform: string = process.platform): Promise<NativeImage> {
  if (platform === 'darwin' || platform === 'win32') {
    try {
      const thumb = await nativeImage.createThumbnailFromPath(file, { width: ICON_SIDE, height: ICON_SIDE })
      if (!thumb.isEmpty()) return thumb
    } catch {
      // No thumbnailer for this file: the glyph below.
    }
  } else if (await smallPicture(file)) {
    const img = nativeImage.createFromPath(file)
    if (!img.isEmpty()) return img.resize(img.getSize().width >= img.getSize().height ? { width: ICON_SIDE } : { height: ICON_SIDE })
  }
  return fallbackDragIcon()
}

/** True when the file's header names a picture of at most DECODE_MAX_PIXELS. */
async function smallPicture(file: string): Promise<boolean> {
  try {
    const fh = await open(file, 'r')
    try {
      const head = new Uint8Array(64 * 1024)
      const { bytesRead } = await fh.read(head, 0, head.length, 0)
      const info = sniffImage(head.subarray(0, bytesRead))
      return !!info?.width && !!info.height && info.width * info.height <= DECODE_MAX_PIXELS
    } finally {
      await fh.close()
    }
  } catch {
    return false
  }
}
