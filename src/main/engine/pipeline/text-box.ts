/**
 * The box step 2 renders the copy into, from the canvas alone: wide enough for a headline with
 * safe margins, short enough to leave the product room. Step 3 may shrink the layer further to fit
 * where it goes; it never enlarges it, so this is the largest the text will be.
 */
export function textBoxFor(width: number, height: number): { maxWidth: number; maxHeight: number } {
  const aspect = width / height
  if (aspect >= 1.5) return { maxWidth: Math.round(width * 0.46), maxHeight: Math.round(height * 0.42) } // banner: copy beside the product
  if (aspect <= 0.6) return { maxWidth: Math.round(width * 0.84), maxHeight: Math.round(height * 0.16) } // story
  return { maxWidth: Math.round(width * 0.84), maxHeight: Math.round(height * 0.22) }
}
