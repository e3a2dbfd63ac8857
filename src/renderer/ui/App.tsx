import { useEffect } from 'react'
import { BatchScreen } from './batch/BatchScreen'
import { EditorScreen } from './editor/EditorScreen'
import { RefineCutout } from './editor/refine/RefineCutout'
import { HistoryScreen } from './history/HistoryScreen'
import { ModelsScreen } from './models/ModelsScreen'
import { SettingsScreen } from './settings/SettingsScreen'
import { useApp, useT } from './store-context'
import { TopBar } from './TopBar'

export function App() {
  const screen = useApp((s) => s.screen)
  const t = useT()
  // The page's language is the UI's: screen readers pick their voice and hyphenation by it.
  useEffect(() => {
    document.documentElement.lang = t.lang
  }, [t.lang])
  return (
    <div className="app" lang={t.lang} data-ready="true">
      <TopBar />
      <main>
        {/* The editor stays mounted so its form and canvas survive a look at another screen. */}
        <div hidden={screen !== 'editor'}>
          <EditorScreen />
        </div>
        {screen === 'history' && <HistoryScreen />}
        {screen === 'batch' && <BatchScreen />}
        {screen === 'models' && <ModelsScreen />}
        {screen === 'settings' && <SettingsScreen />}
      </main>
      <RefineCutout />
    </div>
  )
}
