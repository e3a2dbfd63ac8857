import type { StoreApi } from 'zustand/vanilla'
import type { BatchActions, BatchState } from './batch-slice'
import type { CanvasActions, CanvasState } from './canvas-slice'
import type { SizesActions, SizesState } from './sizes-slice'
import type { EditorActions, EditorState } from './editor-slice'
import type { ExportActions, ExportState } from './export-slice'
import type { JobsActions, JobsState } from './jobs-slice'
import type { JobWaiter } from './job-waiter'
import type { ModelsActions, ModelsState } from './models-slice'
import type { RefineActions, RefineState } from './refine-slice'
import type { SettingsActions, SettingsState } from './settings-slice'
import type { Deps } from './types'

/** The whole store: every slice's state and actions side by side (zustand slices pattern). */
export type AppStore = JobsState & JobsActions & EditorState & EditorActions & ExportState & ExportActions & BatchState & BatchActions & SettingsState & SettingsActions & ModelsState & ModelsActions & RefineState & RefineActions & CanvasState & CanvasActions & SizesState & SizesActions

export type SetStore = StoreApi<AppStore>['setState']
export type GetStore = () => AppStore

/** What every slice creator gets: set/get on the whole store, the injected dependencies, job waiting. */
export type StoreSlice<T> = (set: SetStore, get: GetStore, deps: Deps & { waiter: JobWaiter }) => T
