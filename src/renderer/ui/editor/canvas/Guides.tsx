import type { Guide } from '../../../store/canvas-geometry'

/** The snap lines the moving box lies on, drawn only while it snaps (never recorded). */
export function Guides({ guides }: { guides: Guide[] }) {
  return (
    <>
      {guides.map((g) => (
        <div
          key={`${g.axis}${g.at}`}
          className={`snap-guide ${g.axis} ${g.kind}`}
          data-testid="snap-guide"
          data-axis={g.axis}
          data-kind={g.kind}
          style={g.axis === 'x' ? { left: `${g.at * 100}%` } : { top: `${g.at * 100}%` }}
          aria-hidden
        />
      ))}
    </>
  )
}
