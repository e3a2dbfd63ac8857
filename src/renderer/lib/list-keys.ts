/**
 * Keyboard movement in option lists, after the WAI-ARIA Authoring Practices (radio group, listbox).
 * Pure functions: the components only apply the index they return.
 */

/** Radio group: arrows move (and select) with wrap-around, Home/End jump to the ends; null for other keys. */
export function radioKeyTarget(key: string, index: number, count: number): number | null {
  if (count === 0) return null
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
      return (index + 1) % count
    case 'ArrowLeft':
    case 'ArrowUp':
      return (index - 1 + count) % count
    case 'Home':
      return 0
    case 'End':
      return count - 1
    default:
      return null
  }
}

/** Listbox: Up/Down one option without wrapping, PageUp/PageDown `page` options, Home/End the ends; null for other keys. */
export function listboxKeyTarget(key: string, index: number, count: number, page = 10): number | null {
  if (count === 0) return null
  const clamp = (n: number) => Math.min(count - 1, Math.max(0, n))
  switch (key) {
    case 'ArrowDown':
      return clamp(index + 1)
    case 'ArrowUp':
      return clamp(index - 1)
    case 'PageDown':
      return clamp(index + page)
    case 'PageUp':
      return clamp(index - page)
    case 'Home':
      return 0
    case 'End':
      return count - 1
    default:
      return null
  }
}

/**
 * Type-ahead: the next option (after `from`, wrapping) whose label starts with `typed`, ignoring
 * case; a run of one repeated letter cycles through the options starting with it. null: no match.
 */
export function typeAheadMatch(labels: readonly string[], typed: string, from: number): number | null {
  if (!typed || labels.length === 0) return null
  const needle = typed.toLocaleLowerCase()
  const sameLetter = [...needle].every((c) => c === needle[0])
  // Typing more letters refines the current match (it may stay); one letter (repeated) moves on.
  const search = sameLetter ? needle[0] : needle
  const start = sameLetter ? from + 1 : from
  for (let k = 0; k < labels.length; k++) {
    const i = (start + k) % labels.length
    if (labels[i].toLocaleLowerCase().startsWith(search)) return i
  }
  return null
}
