export { computePlacement, type Placement, type PlacementInput } from './auto-place'
export {
  computeShadowMask,
  applyShadow,
  paintShadow,
  shadowTint,
  castShadowOffset,
  castShadowShear,
  analyseSilhouette,
  type ShadowOptions,
  type ShadowResult,
  type Silhouette,
} from './shadows'
export { paintReflection, renderReflection, reflectionFade, MAX_REFLECTIVITY } from './reflection'
export { applyLightWrap, blurBackgroundAround, rimDistance, LIGHT_WRAP_RADIUS } from './light-wrap'
export { compositeProduct, placeAlpha, type CompositeInput, type CompositeOptions, type CompositeResult, type CompositeTimings } from './composite-product'
