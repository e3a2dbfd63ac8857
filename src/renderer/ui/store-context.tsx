import { createContext, useContext, type ReactNode } from 'react'
import { useStore, type StoreApi } from 'zustand'
import type { ApiClient } from '../../shared/api-client'
import { translate, translateDynamic, type StringKey } from '../i18n/strings'
import { languageOf } from '../store/settings-slice'
import type { AppStore } from '../store/store-shape'

interface Ctx {
  store: StoreApi<AppStore>
  api: ApiClient
}

const StoreContext = createContext<Ctx | null>(null)

export function StoreProvider({ store, api, children }: Ctx & { children: ReactNode }) {
  return <StoreContext.Provider value={{ store, api }}>{children}</StoreContext.Provider>
}

function useCtx(): Ctx {
  const c = useContext(StoreContext)
  if (!c) throw new Error('StoreProvider missing')
  return c
}

/** A slice of the store; re-renders only when the selected value changes. */
export function useApp<T>(selector: (s: AppStore) => T): T {
  return useStore(useCtx().store, selector)
}

export const useApi = (): ApiClient => useCtx().api
export const useStoreApi = (): StoreApi<AppStore> => useCtx().store

/** The translate function for the current language. */
export function useT() {
  const lang = useApp((s) => languageOf(s))
  const t = (key: StringKey, vars?: Record<string, string | number>) => translate(lang, key, vars)
  t.dyn = (key: string, fallback: StringKey, vars?: Record<string, string | number>) => translateDynamic(lang, key, fallback, vars)
  t.lang = lang
  return t
}
