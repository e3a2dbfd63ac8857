import type { ModelDownload } from '../../../shared/models-contract'
import { formatBytes, percentOf } from '../../lib/format-bytes'
import { formatSeconds } from '../../store/selectors'
import { ProgressBar } from '../common/ProgressBar'
import { useT } from '../store-context'

/** A download as it goes: percent and bytes on the bar, speed, time left and which file underneath. */
export function DownloadProgress({ download }: { download: ModelDownload | null }) {
  const t = useT()
  if (!download || download.total === 0) return <ProgressBar percent={0} label={t('models.listing')} testId="model-progress" />
  const percent = percentOf(download.bytes, download.total)
  return (
    <div className="model-progress">
      <ProgressBar percent={percent} label={t('models.progress', { percent, done: formatBytes(download.bytes), total: formatBytes(download.total) })} testId="model-progress" />
      <div className="row muted small" data-testid="model-progress-detail">
        {download.speed_bps > 0 && <span>{t('models.speed', { speed: formatBytes(download.speed_bps) })}</span>}
        {download.eta_sec !== null && <span>{t('models.eta', { t: formatSeconds(download.eta_sec) })}</span>}
        {download.file_count > 0 && <span>{t('models.file', { n: Math.min(download.file_index + 1, download.file_count), count: download.file_count })}</span>}
      </div>
    </div>
  )
}
