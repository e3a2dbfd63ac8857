import type { GenerateRequest } from '../../../shared/generate-request'

/**
 * The request without its base64 blobs. Its own module, free of the pipeline's imports: the job
 * service in Electron's main process calls stripImages, and importing it from run-job.ts pulled
 * sharp, onnxruntime and the canvas library into main (issue 16).
 */
export type JobParameters = Omit<GenerateRequest, 'product_image' | 'product_mask' | 'step1_image' | 'step2_image' | 'mask_image'>

export function stripImages(request: GenerateRequest): JobParameters {
  const { product_image: _p, product_mask: _pm, step1_image: _s1, step2_image: _s2, mask_image: _m, ...rest } = request
  return rest
}
