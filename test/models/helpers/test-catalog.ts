import type { Catalog, CatalogEntry } from '../../../src/main/engine/models/catalog'

/**
 * Catalogue entries for tests, pointing at repositories of the fake hub: a tiny stand-in diffusion
 * folder (non-commercial licence, like sd-turbo), the same under a commercial licence, a repository
 * the hub does not have, and a gated one.
 */
export const TINY_INCLUDE = ['model_index.json', 'scheduler/*', 'tokenizer/*', 'text_encoder/*', 'unet/config.json', 'unet/model.onnx*', 'vae_decoder/*', 'vae_encoder/*']

export const testEntry = (over: Partial<CatalogEntry> & Pick<CatalogEntry, 'id' | 'repo'>): CatalogEntry => ({
  name: `Tiny ${over.id}`,
  kind: 'diffusion',
  family: 'sd',
  purpose: 'a stand-in for tests',
  revision: 'main',
  include: TINY_INCLUDE,
  approx_bytes: 450_000,
  vram_gb: 1,
  precision: 'fp32',
  providers: ['cpu'],
  license: { id: 'test-nc', name: 'Test Non-Commercial', commercial: false, url: 'https://example.invalid/nc' },
  verified: 'test',
  ...over,
})

export function testCatalog(): Catalog {
  return {
    version: 1,
    models: [
      testEntry({ id: 'tiny-turbo', repo: 'test/tiny-turbo' }),
      testEntry({ id: 'tiny-free', repo: 'test/tiny-turbo', license: { id: 'mit', name: 'MIT', commercial: true, url: 'https://example.invalid/mit' }, notes: 'same bytes, another licence' }),
      testEntry({ id: 'ghost', repo: 'test/ghost' }),
      testEntry({ id: 'tiny-gated', repo: 'test/gated', gated: true }),
    ],
  }
}
