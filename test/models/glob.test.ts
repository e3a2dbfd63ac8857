import { describe, expect, it } from 'vitest'
import { globToRegExp, matchesAny } from '../../src/main/engine/models/glob'

const m = (pattern: string, path: string) => globToRegExp(pattern).test(path)

describe('catalogue path patterns', () => {
  it('`**/name` matches the whole last segment only, at any depth including the top', () => {
    expect(m('**/model.onnx', 'unet/model.onnx')).toBe(true)
    expect(m('**/model.onnx', 'a/b/model.onnx')).toBe(true)
    expect(m('**/model.onnx', 'model.onnx')).toBe(true)
    expect(m('**/model.onnx', 'unet/my_model.onnx')).toBe(false)
    expect(m('**/model.onnx', 'unet/model.onnx_data')).toBe(false)
  })

  it('`dir/**` takes everything below dir and nothing beside it', () => {
    expect(m('unet/**', 'unet/model.onnx')).toBe(true)
    expect(m('unet/**', 'unet/a/b/weights.pb')).toBe(true)
    expect(m('unet/**', 'unet_extra/model.onnx')).toBe(false)
  })

  it('brace sets and single-character wildcards', () => {
    expect(m('{unet,vae_decoder}/model.onnx', 'vae_decoder/model.onnx')).toBe(true)
    expect(m('{unet,vae_decoder}/model.onnx', 'text_encoder/model.onnx')).toBe(false)
    expect(m('onnx/model_{fp16,q4}.onnx', 'onnx/model_q4.onnx')).toBe(true)
    expect(m('onnx/model_{fp16,q4}.onnx', 'onnx/model_fp32.onnx')).toBe(false)
    expect(m('text_encoder_?/*', 'text_encoder_2/config.json')).toBe(true)
    expect(m('text_encoder_?/*', 'text_encoder/config.json')).toBe(false)
  })

  it('`*` stays inside one segment; literal dots are not wildcards', () => {
    expect(m('unet/*', 'unet/sub/x')).toBe(false)
    expect(m('unet/model.onnx*', 'unet/model.onnx_data')).toBe(true)
    expect(m('model.onnx', 'modelxonnx')).toBe(false)
    expect(m('*', '.gitattributes')).toBe(true)
  })

  it('matchesAny over a catalogue include list', () => {
    const include = ['model_index.json', 'unet/config.json', 'unet/model.onnx*', '{vae_decoder,vae_encoder}/*']
    expect(matchesAny('unet/model.onnx_data', include)).toBe(true)
    expect(matchesAny('vae_encoder/model.onnx', include)).toBe(true)
    expect(matchesAny('unet/diffusion_pytorch_model.safetensors', include)).toBe(false)
    expect(matchesAny('safety_checker/model.onnx', include)).toBe(false)
  })
})
