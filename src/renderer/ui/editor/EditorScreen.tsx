import { CanvasView } from './CanvasView'
import { EditorForm } from './EditorForm'
import { ExportPanel } from './ExportPanel'
import { ProductDrop } from './ProductDrop'
import { RunControls } from './RunControls'
import { SceneStrip } from './SceneStrip'

export function EditorScreen() {
  return (
    <div className="editor" data-testid="editor">
      <div className="form-panel">
        <ProductDrop />
        <EditorForm />
      </div>
      <div className="center-panel">
        <CanvasView />
        <SceneStrip />
        <RunControls />
      </div>
      <ExportPanel />
    </div>
  )
}
