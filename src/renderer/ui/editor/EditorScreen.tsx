import { useT } from '../store-context'
import { CanvasView } from './CanvasView'
import { SizeStrip } from './canvas/SizeStrip'
import { EditorForm } from './EditorForm'
import { ExportPanel } from './ExportPanel'
import { ProductDrop } from './ProductDrop'
import { RefineOpen } from './refine/RefineOpen'
import { RunAnnouncer } from './RunAnnouncer'
import { RunControls } from './RunControls'
import { SceneStrip } from './SceneStrip'

export function EditorScreen() {
  const t = useT()
  return (
    <div className="editor" data-testid="editor">
      {/* The screen's one h1: the layout itself says where things are, a screen reader needs the name. */}
      <h1 className="sr-only">{t('editor.title')}</h1>
      <div className="form-panel">
        <ProductDrop />
        <RefineOpen />
        <EditorForm />
      </div>
      <div className="center-panel">
        <CanvasView />
        <SceneStrip />
        <SizeStrip />
        <RunControls />
        <RunAnnouncer />
      </div>
      <ExportPanel />
    </div>
  )
}
