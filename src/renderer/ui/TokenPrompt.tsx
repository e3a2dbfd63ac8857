import { useState } from 'react'
import { translate } from '../i18n/strings'

/** Shown in a browser opened without a token: asks for the one `adstudio serve` printed. */
export function TokenPrompt({ baseUrl, onToken }: { baseUrl: string; onToken: (token: string) => void }) {
  const lang = navigator.language.toLowerCase().startsWith('ko') ? 'ko' : 'en'
  const [token, setToken] = useState('')
  return (
    <form className="token-prompt" onSubmit={(e) => (e.preventDefault(), token.trim() && onToken(token.trim()))}>
      <h1>{translate(lang, 'token.title')}</h1>
      <p className="muted">{baseUrl}</p>
      <label htmlFor="token-input">{translate(lang, 'token.help')}</label>
      <input id="token-input" value={token} onChange={(e) => setToken(e.target.value)} spellCheck={false} autoComplete="off" />
      <button className="primary">{translate(lang, 'token.connect')}</button>
    </form>
  )
}
