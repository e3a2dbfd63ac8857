import type { ModelOffer } from '../../../shared/models-contract'

/**
 * What each catalogue model does and what computer it needs, in a seller's words (the catalogue's own
 * `purpose` and `notes` are written for engineers: precisions, execution providers, residuals; they
 * stay one click away on the card). Keyed by catalogue id; a model not listed here (an import, a
 * newer catalogue) falls back to the catalogue's text and the plain memory line.
 */
export type Hardware = 'nvidia' | 'gpu' | 'any'

export interface PlainModel {
  purpose: { ko: string; en: string }
  /** nvidia: only an NVIDIA card runs it; gpu: a graphics card, else slowly on the processor; any: any computer. */
  hardware: Hardware
}

export const PLAIN_MODELS: Readonly<Record<string, PlainModel>> = {
  'sd-turbo': {
    purpose: { ko: '상품 뒤의 배경 장면을 빠르게 그립니다 (정사각형 512픽셀).', en: 'Paints the scene behind the product quickly (512-pixel squares).' },
    hardware: 'nvidia',
  },
  'sd-turbo-tensorstack': {
    purpose: { ko: '몇 단계만에 배경 장면을 그립니다.', en: 'Paints background scenes in a few steps.' },
    hardware: 'gpu',
  },
  'sd15-tensorstack': {
    purpose: { ko: '배경 장면을 그리고, 글자 꾸미기 모델과 함께 쓰면 광고 글자도 꾸밉니다. 상업적으로 쓸 수 있습니다.', en: 'Paints backgrounds and, together with the letter-styling model, styles the ad letters too. Commercial use allowed.' },
    hardware: 'gpu',
  },
  'sdxl-turbo': {
    purpose: { ko: '더 좋은 품질의 배경을 1024픽셀까지 그립니다.', en: 'Higher-quality backgrounds, up to 1024 pixels.' },
    hardware: 'gpu',
  },
  'sdxl-turbo-fp16': {
    purpose: { ko: '더 좋은 품질의 배경을 1024픽셀까지 그립니다 (메모리를 덜 쓰는 판).', en: 'Higher-quality backgrounds, up to 1024 pixels (the version that needs less memory).' },
    hardware: 'nvidia',
  },
  sd15: {
    purpose: { ko: '판매용 광고에 쓸 수 있는 배경을 그립니다. 터보 모델보다 느립니다.', en: 'Backgrounds you may use in ads that sell; slower than the Turbo models.' },
    hardware: 'gpu',
  },
  'controlnet-canny-sd15': {
    purpose: { ko: '광고 글자를 배경 설명에 맞게 꾸밉니다. 철자는 바뀌지 않습니다. SD 1.5 (TensorStack) 배경 모델이 함께 있어야 합니다.', en: 'Styles the ad letters to match your scene; the spelling never changes. Works together with the SD 1.5 (TensorStack) background model.' },
    hardware: 'gpu',
  },
  'birefnet-lite': {
    purpose: { ko: '기본 오려내기보다 머리카락·가는 부분의 가장자리를 더 선명하게 오려냅니다.', en: 'Cuts products out with sharper edges on thin parts than the built-in cutout.' },
    hardware: 'any',
  },
  birefnet: {
    purpose: { ko: '가장 정확하게 오려냅니다. 라이트 모델보다 느리고 메모리를 더 씁니다.', en: 'The most precise cutouts; slower than the lite model and needs more memory.' },
    hardware: 'any',
  },
}

/** The plain line about the computer a model needs: which string and its number; null when nothing is known. */
export function hardwareLine(offer: Pick<ModelOffer, 'id' | 'vram_gb'>): { key: 'models.needs.nvidia' | 'models.needs.gpu' | 'models.needs.any' | 'models.vram'; gb: number } | null {
  if (offer.vram_gb === null) return null
  const plain = PLAIN_MODELS[offer.id]
  return { key: plain ? `models.needs.${plain.hardware}` : 'models.vram', gb: offer.vram_gb }
}
