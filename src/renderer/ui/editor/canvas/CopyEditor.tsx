import { useEffect, useRef, useState } from 'react'
import type { FracBox } from '../../../store/canvas-geometry'
import { useT } from '../../store-context'

/**
 * The copy edited in place over its box (double-click or the Edit copy button): Enter applies
 * (text + composition re-run), Shift+Enter starts a new line (sub-copy), Escape or an unchanged
 * text cancels. Leaving the field applies, as in a design tool.
 */
export function CopyEditor({ box, initial, onDone }: { box: FracBox; initial: string; onDone(text: string | null): void }) {
  const t = useT()
  const [text, setText] = useState(initial)
  const ref = useRef<HTMLTextAreaElement>(null)
  const done = useRef(false)
  useEffect(() => {
    ref.current?.focus()
    ref.current?.select()
  }, [])
  const finish = (v: string | null) => {
    if (done.current) return
    done.current = true
    onDone(v)
  }
  return (
    <textarea
      ref={ref}
      className="copy-editor"
      data-testid="copy-editor"
      aria-label={t('canvas.edit.copyField')}
      style={{ left: `${box[0] * 100}%`, top: `${box[1] * 100}%`, width: `${Math.max(box[2], 0.3) * 100}%`, minHeight: `${box[3] * 100}%` }}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onPointerDown={(e) => e.stopPropagation()}
      onKeyDown={(e) => {
        e.stopPropagation()
        if (e.key === 'Escape') finish(null)
        else if (e.key === 'Enter' && !e.shiftKey) {
          e.preventDefault()
          finish(text)
        }
      }}
      onBlur={() => finish(text)}
    />
  )
}
