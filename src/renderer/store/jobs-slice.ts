import type { JobEvent } from '../../shared/job-events'
import { isFinished, type JobImageName, type JobStatus, type JobSummary } from '../../shared/job-status'
import type { StoreSlice } from './store-shape'
import { uiError, type UiError } from './types'

/** Live progress of a running job, as last reported; the ETA counts down from `receivedAt`. */
export interface JobProgress {
  percent: number
  step: string
  subStep: string
  message: string
  etaSeconds: number
  stepEtaSeconds: number
  receivedAt: number
}

export interface JobView {
  summary: JobSummary
  progress: JobProgress | null
  images: Partial<Record<JobImageName, true>>
  /** Request parameters (from /status), for reopening into the editor. */
  params: Record<string, unknown> | null
  error: string | null
  /** The steps that actually ran (1-3), once read from /status: History captions say what was made. */
  ranSteps: number[] | null
  /** Whether the job keeps its product photo (GET /jobs/{id}/inputs/product). */
  hasProduct: boolean
}

export interface JobsState {
  jobs: Record<string, JobView>
  jobsLoaded: boolean
  jobsError: UiError | null
}

export interface JobsActions {
  refreshJobs(): Promise<void>
  /** Reads one job's full status (images, parameters) into the list. */
  loadJob(jobId: string): Promise<JobStatus | null>
  deleteJob(jobId: string): Promise<boolean>
  applyJobEvent(e: JobEvent): void
}

export const jobsInitialState: JobsState = { jobs: {}, jobsLoaded: false, jobsError: null }

const emptyView = (summary: JobSummary): JobView => ({ summary, progress: null, images: {}, params: null, error: null, ranSteps: null, hasProduct: false })

export const createJobsSlice: StoreSlice<JobsState & JobsActions> = (set, get, deps) => ({
  ...jobsInitialState,

  async refreshJobs() {
    const r = await deps.api.listJobs()
    if (!r.ok) return set({ jobsError: uiError(r) })
    set((s) => {
      const jobs: Record<string, JobView> = {}
      for (const summary of r.value) jobs[summary.job_id] = { ...(s.jobs[summary.job_id] ?? emptyView(summary)), summary }
      return { jobs, jobsLoaded: true, jobsError: null }
    })
    // Finished jobs need their image list for thumbnails; /jobs rows do not carry it. Read in the
    // background, newest first, a few at a time: a long history must not delay the editor.
    const todo = r.value.filter((j) => isFinished(j.status) && !get().jobs[j.job_id]?.params).sort((a, b) => b.created_at - a.created_at)
    const worker = async () => {
      for (let j = todo.shift(); j; j = todo.shift()) await get().loadJob(j.job_id)
    }
    void Promise.all(Array.from({ length: 4 }, worker))
  },

  async loadJob(jobId) {
    const r = await deps.api.getJob(jobId)
    if (!r.ok) return null
    const st = r.value
    const images: JobView['images'] = {}
    for (const [name, url] of Object.entries(st.images)) if (url) images[name as JobImageName] = true
    set((s) => ({
      jobs: {
        ...s.jobs,
        [jobId]: {
          ...(s.jobs[jobId] ?? emptyView(st)),
          summary: pickSummary(st),
          images,
          params: st.parameters,
          error: st.error,
          ranSteps: st.ran_steps ?? null,
          hasProduct: !!st.inputs?.product,
          progress: st.status === 'running' ? progressFromStatus(st, deps.now()) : null,
        },
      },
    }))
    return st
  },

  async deleteJob(jobId) {
    const r = await deps.api.deleteJob(jobId)
    if (!r.ok) {
      set({ jobsError: uiError(r) })
      return false
    }
    set((s) => {
      const { [jobId]: _gone, ...rest } = s.jobs
      return { jobs: rest }
    })
    return true
  },

  applyJobEvent(e) {
    set((s) => {
      const cur = s.jobs[e.job_id]
      switch (e.type) {
        case 'job.queued':
        case 'job.started':
          return { jobs: { ...s.jobs, [e.job_id]: { ...(cur ?? emptyView(e.job)), summary: e.job } } }
        case 'job.progress': {
          if (!cur) return {}
          const progress: JobProgress = {
            percent: e.progress_percent,
            step: e.current_step,
            subStep: e.sub_step,
            message: e.message,
            etaSeconds: e.eta_seconds,
            stepEtaSeconds: e.step_eta_seconds,
            receivedAt: deps.now(),
          }
          const summary = { ...cur.summary, status: 'running' as const, progress_percent: e.progress_percent, current_step: e.current_step, sub_step: e.sub_step, message: e.message }
          return { jobs: { ...s.jobs, [e.job_id]: { ...cur, summary, progress } } }
        }
        case 'job.image':
          if (!cur) return {}
          return { jobs: { ...s.jobs, [e.job_id]: { ...cur, images: { ...cur.images, [e.image]: true } } } }
        case 'job.samples':
          return {} // the editor's scene strip follows these (editor-slice.ts)
        case 'job.finished':
          return { jobs: { ...s.jobs, [e.job_id]: { ...(cur ?? emptyView(e.job)), summary: e.job, progress: null, error: e.error } } }
        case 'job.deleted': {
          if (!cur) return {}
          const { [e.job_id]: _gone, ...rest } = s.jobs
          return { jobs: rest }
        }
      }
    })
  },
})

function pickSummary(st: JobStatus): JobSummary {
  const { job_id, status, progress_percent, current_step, sub_step, message, start_time, created_at, end_time, queue_position, product_id, damaged } = st
  return { job_id, status, progress_percent, current_step, sub_step, message, start_time, created_at, end_time, queue_position, product_id, damaged }
}

function progressFromStatus(st: JobStatus, now: number): JobProgress {
  return {
    percent: st.progress_percent,
    step: st.current_step ?? 'step1_background',
    subStep: st.sub_step ?? '',
    message: st.message,
    etaSeconds: st.eta_seconds,
    stepEtaSeconds: st.step_eta_seconds,
    receivedAt: now,
  }
}
