import type { StoreApi } from 'zustand'
import type { ApiClient } from '../../shared/api-client'
import type { AppStore } from '../store/store-shape'
import { refForFile } from './file-input'
import { checkImageFile } from './image-check'
import { browserDecode } from './image-tools'

/**
 * A photo given by pick, drop (on the photo box or on the canvas) or paste: checked at once
 * (image-check.ts) and either taken as the product photo or refused with a plain sentence. A refused
 * file leaves the current photo in place; an accepted one clears every earlier error about a photo.
 */
export async function takeProductPhoto(api: ApiClient, store: StoreApi<AppStore>, file: File | undefined): Promise<boolean> {
  if (!file) return false
  const checked = await checkImageFile(file, browserDecode)
  const s = store.getState()
  if (!checked.ok) {
    s.setProductError(checked.error)
    return false
  }
  const ref = await refForFile(api, file)
  s.setProduct({ name: file.name || 'pasted.png', ref, previewUrl: URL.createObjectURL(file) })
  return true
}
