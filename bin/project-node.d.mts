/** Types for project-node.mjs (plain JavaScript so any Node can parse it before the switch). */
export declare const SHIPPED_NODE_MAJOR: number
export declare function projectNode(): { bin: string; version: string } | null
export declare function ensureProjectNode(): Promise<true>
