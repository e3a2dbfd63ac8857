import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react'
import { loadFontFace } from '../../lib/font-faces'
import { listboxKeyTarget, typeAheadMatch } from '../../lib/list-keys'
import { placePopup, type PopupPlacement } from '../../lib/popup-placement'
import { FONT_SAMPLE } from '../../lib/presets'
import type { FontEntry } from '../../store/settings-slice'
import { useApi, useApp, useT } from '../store-context'

/** The list's height when the room allows (about eight fonts with their samples). */
const LIST_HEIGHT = 360
/** Letters typed within this many ms make one type-ahead search. */
const TYPE_AHEAD_MS = 600

function useFontFamily(name: string | null): string | undefined {
  const api = useApi()
  const [family, setFamily] = useState<string | undefined>()
  useEffect(() => {
    let live = true
    if (name) void loadFontFace(api, name).then((f) => live && setFamily(f ?? undefined))
    return () => {
      live = false
    }
  }, [api, name])
  return family
}

function FontRow({ id, font, active, current, index }: { id: string; font: FontEntry; active: boolean; current: boolean; index: number }) {
  const t = useT()
  const family = useFontFamily(font.name)
  return (
    <li
      id={id}
      role="option"
      aria-selected={active}
      data-label={font.label}
      className={`${active ? 'active' : ''} ${current ? 'current' : ''}`}
      data-index={index}
      data-testid="font-option"
      data-font={font.name}
    >
      <span className="font-family-name">
        {font.label}
        {current && <span className="font-check"> ✓</span>}
      </span>
      {/* The sample is the same few words in every row: a screen reader hears the font's name and the badge. */}
      <span className="font-sample" aria-hidden="true" style={{ fontFamily: family ? `"${family}", var(--ui-font)` : undefined }}>
        {font.hangul ? FONT_SAMPLE : `Ad Studio 123`}
      </span>
      {!font.hangul && <span className="badge">{t('font.noHangul')}</span>}
    </li>
  )
}

/**
 * A font list in which every font is shown in itself, with a Hangul sample. Keyboard as the WAI-ARIA
 * listbox: Enter, Space or Down opens it on the current font; arrows, Page keys, Home/End and typing
 * a name move; Enter picks; Escape closes without a change. The list opens where the window has room
 * (fixed, so the scrolling form panel does not cut it off).
 */
export function FontPicker({ value, onChange, labelId }: { value: string | null; onChange: (name: string | null) => void; labelId: string }) {
  const t = useT()
  const fonts = useApp((s) => s.fonts)
  const base = useId()
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(0)
  const [place, setPlace] = useState<PopupPlacement & { left: number; width: number }>()
  const box = useRef<HTMLDivElement>(null)
  const button = useRef<HTMLButtonElement>(null)
  const list = useRef<HTMLUListElement>(null)
  const typed = useRef({ text: '', at: -Infinity })
  const current = fonts.find((f) => f.name === value)
  const family = useFontFamily(value)
  // Option 0 is the default font (null); 1… the listed fonts.
  const names: (string | null)[] = [null, ...fonts.map((f) => f.name)]
  const labels = [t('font.default'), ...fonts.map((f) => f.label)]
  const optionId = (i: number) => `${base}-opt-${i}`

  const show = (at?: number) => {
    typed.current = { text: '', at: -Infinity }
    setActive(at ?? Math.max(0, names.indexOf(value)))
    setOpen(true)
  }
  const close = (refocus: boolean) => {
    setOpen(false)
    setPlace(undefined)
    if (refocus) button.current?.focus()
  }
  const pick = (i: number) => {
    onChange(names[i] ?? null)
    close(true)
  }

  // Placement from the button's place in the window, again on every scroll or resize while open.
  useLayoutEffect(() => {
    if (!open) return
    const measure = () => {
      const r = button.current!.getBoundingClientRect()
      setPlace({ ...placePopup(r, window.innerHeight, LIST_HEIGHT), left: r.left, width: r.width })
    }
    measure()
    window.addEventListener('resize', measure)
    window.addEventListener('scroll', measure, true)
    return () => {
      window.removeEventListener('resize', measure)
      window.removeEventListener('scroll', measure, true)
    }
  }, [open])

  // Focus goes into the list once it is placed (a hidden element cannot take focus).
  const placed = place !== undefined
  useEffect(() => {
    if (open && placed) list.current?.focus()
  }, [open, placed])

  useEffect(() => {
    if (!open) return
    const outside = (e: globalThis.MouseEvent) => !box.current?.contains(e.target as Node) && close(false)
    window.addEventListener('mousedown', outside)
    return () => window.removeEventListener('mousedown', outside)
  }, [open])

  useEffect(() => {
    if (open) document.getElementById(optionId(active))?.scrollIntoView({ block: 'nearest' })
  }, [open, active, place])

  const onButtonKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault()
      show()
    }
  }

  const onListKey = (e: KeyboardEvent) => {
    const to = listboxKeyTarget(e.key, active, names.length)
    if (to !== null) {
      e.preventDefault()
      setActive(to)
      return
    }
    // Space picks, unless it comes in the middle of a typed name.
    const typing = e.timeStamp - typed.current.at <= TYPE_AHEAD_MS
    if (e.key === 'Enter' || (e.key === ' ' && !typing)) {
      e.preventDefault()
      pick(active)
    } else if (e.key === 'Escape') {
      e.preventDefault()
      close(true)
    } else if (e.key === 'Tab') {
      // Tab leaves the list as it leaves any field; the choice stays as it was.
      close(false)
    } else if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
      const now = e.timeStamp
      const text = typing ? typed.current.text + e.key : e.key
      typed.current = { text, at: now }
      const hit = typeAheadMatch(labels, text, active)
      if (hit !== null) setActive(hit)
      e.preventDefault()
    }
  }

  const onListClick = (e: MouseEvent) => {
    const li = (e.target as HTMLElement).closest<HTMLElement>('[role="option"]')
    if (li?.dataset.index) pick(Number(li.dataset.index))
  }

  return (
    <div className="font-picker" ref={box}>
      <button
        ref={button}
        type="button"
        className="font-current"
        onClick={() => (open ? close(false) : show())}
        onKeyDown={onButtonKey}
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-controls={open ? `${base}-list` : undefined}
        aria-labelledby={`${labelId} ${base}-value`}
        data-testid="font-picker"
      >
        <span id={`${base}-value`} style={{ fontFamily: family ? `"${family}", var(--ui-font)` : undefined }}>
          {current ? `${current.label} · ${FONT_SAMPLE}` : t('font.default')}
        </span>
        <span className="chevron" aria-hidden="true">
          ▾
        </span>
      </button>
      {open && (
        <ul
          ref={list}
          id={`${base}-list`}
          className={`font-list ${place?.side ?? ''}`}
          role="listbox"
          // In the Tab order while open (it holds the focus then); Tab out closes it.
          tabIndex={0}
          aria-labelledby={labelId}
          aria-activedescendant={optionId(active)}
          onKeyDown={onListKey}
          onClick={onListClick}
          style={place ? { top: place.top, left: place.left, width: place.width, maxHeight: place.maxHeight } : { visibility: 'hidden' }}
          data-testid="font-list"
          data-side={place?.side}
        >
          <li id={optionId(0)} role="option" aria-selected={active === 0} className={`${active === 0 ? 'active' : ''} ${value === null ? 'current' : ''}`} data-index={0} data-testid="font-option-default">
            <span className="font-family-name">
              {t('font.default')}
              {value === null && <span className="font-check"> ✓</span>}
            </span>
          </li>
          {fonts.map((f, i) => (
            <FontRow key={f.name} id={optionId(i + 1)} index={i + 1} font={f} active={active === i + 1} current={f.name === value} />
          ))}
        </ul>
      )}
    </div>
  )
}
