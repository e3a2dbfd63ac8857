import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { createHttpClient } from './api/http-client'
import { pickClient } from './api/pick-client'
import { browserImageTools } from './lib/image-tools'
import { createAppStore } from './store/create-store'
import { App } from './ui/App'
import { StoreProvider } from './ui/store-context'
import { TokenPrompt } from './ui/TokenPrompt'
import type { ApiClient } from '../shared/api-client'
// The UI font ships with the app (no remote fonts): Pretendard split by Unicode range, loaded as glyphs are needed.
import 'pretendard/dist/web/variable/pretendardvariable-dynamic-subset.css'
import './styles.css'

document.documentElement.lang = navigator.language.toLowerCase().startsWith('ko') ? 'ko' : 'en'
const root = createRoot(document.getElementById('root')!)

function start(api: ApiClient): void {
  const handle = createAppStore({ api, images: browserImageTools, now: Date.now, random: Math.random })
  handle.store.getState().setSystemLocale(navigator.language)
  root.render(
    <StrictMode>
      <StoreProvider store={handle.store} api={api}>
        <App />
      </StoreProvider>
    </StrictMode>,
  )
  // Marks the moment the editor is usable (reported as page-load-to-interactive by the e2e test).
  void handle.connect().then(() => performance.mark('adstudio-interactive'))
}

const picked = pickClient(window)
if ('needsToken' in picked) {
  root.render(
    <TokenPrompt
      baseUrl={picked.baseUrl}
      onToken={(token) => {
        sessionStorage.setItem('adstudio:token', token)
        start(createHttpClient({ baseUrl: picked.baseUrl, token }))
      }}
    />,
  )
} else start(picked)
