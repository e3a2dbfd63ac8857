/**
 * Syntactic rules for `font_name`, checked before anything touches the disk. The engine then
 * resolves the name inside its font roots (symlinks included); this is the first wall, not the only.
 */
export function fontNameProblem(name: string): string | null {
  if (name.length === 0) return 'must not be empty'
  if (name.includes('\0')) return 'must not contain NUL characters'
  if (name.includes('\\')) return 'must use forward slashes, not backslashes'
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return 'must be a path relative to the fonts folder, not an absolute path'
  if (/%[0-9a-fA-F]{2}/.test(name)) return 'must not contain URL-encoded characters'
  if (name.split('/').some((seg) => seg === '..' || seg === '.' || seg === '')) return "must not contain '..', '.' or empty path segments"
  if (!/\.(ttf|otf|woff2?|ttc)$/i.test(name)) return 'must name a .ttf, .otf, .ttc, .woff or .woff2 file'
  return null
}
