/** Types for cli-bundle.mjs (plain JavaScript: the launcher reads it before anything is transpiled). */
export declare const ROOT: string
export declare const CLI_DIR: string
export declare const MANIFEST: string
export declare function freshCliBundle(root?: string): string | null
