import { useEffect, useRef, useState } from 'react'
import { loadFontFace } from '../../lib/font-faces'
import { FONT_SAMPLE } from '../../lib/presets'
import type { FontEntry } from '../../store/settings-slice'
import { useApi, useApp, useT } from '../store-context'

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

function FontRow({ font, selected, onPick }: { font: FontEntry; selected: boolean; onPick: () => void }) {
  const t = useT()
  const family = useFontFamily(font.name)
  return (
    <li role="option" aria-selected={selected} className={selected ? 'selected' : ''} onClick={onPick} data-testid="font-option" data-font={font.name}>
      <span className="font-family-name">{font.label}</span>
      <span className="font-sample" style={{ fontFamily: family ? `"${family}", var(--ui-font)` : undefined }}>
        {font.hangul ? FONT_SAMPLE : `Ad Studio 123`}
      </span>
      {!font.hangul && <span className="badge">{t('font.noHangul')}</span>}
    </li>
  )
}

/** A font list in which every font is shown in itself, with a Hangul sample. */
export function FontPicker({ value, onChange }: { value: string | null; onChange: (name: string | null) => void }) {
  const t = useT()
  const fonts = useApp((s) => s.fonts)
  const [open, setOpen] = useState(false)
  const box = useRef<HTMLDivElement>(null)
  const current = fonts.find((f) => f.name === value)
  const family = useFontFamily(value)

  useEffect(() => {
    if (!open) return
    const close = (e: MouseEvent) => !box.current?.contains(e.target as Node) && setOpen(false)
    window.addEventListener('mousedown', close)
    return () => window.removeEventListener('mousedown', close)
  }, [open])

  return (
    <div className="font-picker" ref={box}>
      <button className="font-current" onClick={() => setOpen(!open)} aria-haspopup="listbox" aria-expanded={open} data-testid="font-picker">
        <span style={{ fontFamily: family ? `"${family}", var(--ui-font)` : undefined }}>{current ? `${current.label} · ${FONT_SAMPLE}` : t('font.default')}</span>
        <span className="chevron">▾</span>
      </button>
      {open && (
        <ul className="font-list" role="listbox">
          <li role="option" aria-selected={value === null} className={value === null ? 'selected' : ''} onClick={() => (onChange(null), setOpen(false))}>
            <span className="font-family-name">{t('font.default')}</span>
          </li>
          {fonts.map((f) => (
            <FontRow key={f.name} font={f} selected={f.name === value} onPick={() => (onChange(f.name), setOpen(false))} />
          ))}
        </ul>
      )}
    </div>
  )
}
