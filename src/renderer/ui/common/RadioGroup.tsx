import { useRef, type KeyboardEvent, type ReactNode } from 'react'
import { radioKeyTarget } from '../../lib/list-keys'

/**
 * A WAI-ARIA radio group: one Tab stop (the checked option, or the first), arrow keys move and
 * select, Home/End jump to the ends, Space selects the focused option (already checked by arrows).
 */
export function RadioGroup<T extends string>({
  options,
  value,
  onChange,
  label,
  renderOption,
  optionProps,
  className,
  testId,
}: {
  options: readonly T[]
  value: T
  onChange: (o: T) => void
  /** The group's accessible name. */
  label: string
  renderOption: (o: T, checked: boolean) => ReactNode
  optionProps?: (o: T, checked: boolean) => { className?: string; title?: string; 'data-testid'?: string }
  className?: string
  testId?: string
}) {
  const buttons = useRef<(HTMLButtonElement | null)[]>([])
  const checked = Math.max(0, options.indexOf(value))

  const onKeyDown = (e: KeyboardEvent, i: number) => {
    const to = radioKeyTarget(e.key, i, options.length)
    if (to === null) return
    e.preventDefault()
    onChange(options[to])
    buttons.current[to]?.focus()
  }

  return (
    <div className={className} role="radiogroup" aria-label={label} data-testid={testId}>
      {options.map((o, i) => {
        const on = i === checked && value === o
        return (
          <button
            key={o}
            type="button"
            ref={(el) => {
              buttons.current[i] = el
            }}
            role="radio"
            aria-checked={on}
            tabIndex={i === checked ? 0 : -1}
            data-value={o}
            onClick={() => onChange(o)}
            onKeyDown={(e) => onKeyDown(e, i)}
            {...optionProps?.(o, on)}
          >
            {renderOption(o, on)}
          </button>
        )
      })}
    </div>
  )
}
