/** Step 2 (built-in engine): stylised 3D text layer, its style presets and its canny edge map. */
export { assertTextDrawable, renderTextLayer, type TextLayerRequest, type TextLayerResult } from './render-text-layer'
export { UndrawableTextError } from './drawable-text'
export { TextCheckError } from './verify-text-layer'
export { STYLE_IDS, STYLE_PRESETS, getPreset } from './style-presets'
export { DEFAULT_STYLE_ID, StyleIdError, pickStyle, type PickedStyle } from './style-from-prompt'
export { cannyEdges, cannyGray, type CannyOptions } from './canny'
export type { RenderStyle, StylePreset } from './style-types'
