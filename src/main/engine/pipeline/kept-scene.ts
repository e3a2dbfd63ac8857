/**
 * A job's empty scene kept for re-placing the product (issue 10 §5): scene.png beside the job's
 * job.json, whose `scene` entry holds the light and layout the scene was made with. Moving or
 * resizing the product places it again over these pixels; neither the scene nor the cutout is redone.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { EngineError } from '../errors'

const rgb = z.tuple([z.number(), z.number(), z.number()])
const sceneEntry = z.object({
  look: z.object({ id: z.string(), name: z.string(), matchedWords: z.array(z.string()) }),
  light: z.object({ azimuthDeg: z.number(), elevationDeg: z.number(), softness: z.number(), color: rgb }),
  layout: z.object({
    width: z.number(),
    height: z.number(),
    horizonY: z.number(),
    groundY: z.number(),
    glossy: z.boolean(),
    reflectivity: z.number(),
    ambient: rgb,
  }),
})

export type KeptSceneInfo = z.infer<typeof sceneEntry>

export interface KeptScene extends KeptSceneInfo {
  /** scene.png's bytes. */
  png: Uint8Array
  /** The camera view the scene was made for (job.json layout.view.chosen). */
  view?: 'front' | 'top'
  /** Where it was kept: the job id of `scene_from` (job.json records it); the CLI's folder otherwise. */
  from?: string
}

/** Reads `<dir>/scene.png` and the `scene` entry of `<dir>/job.json`; a missing or foreign folder is a bad-input error naming it. */
export async function readKeptScene(dir: string, field = '--scene-from'): Promise<KeptScene> {
  return { ...(await readKeptSceneFiles(join(dir, 'scene.png'), join(dir, 'job.json'), `${field} ${dir}`, field)), from: dir }
}

/**
 * Reads a kept scene from its two files (a job folder's, or the copies a `scene_from` job keeps in its
 * inputs/); `label` starts each error message, `field` is the field it names.
 */
export async function readKeptSceneFiles(pngPath: string, jsonPath: string, label: string, field: string): Promise<KeptScene> {
  let png: Uint8Array
  let json: unknown
  try {
    png = await readFile(pngPath)
    json = JSON.parse(await readFile(jsonPath, 'utf8'))
  } catch (e) {
    throw new EngineError('invalid_request', `${label}: needs scene.png and job.json from an earlier job (${(e as Error).message})`, field)
  }
  const info = keptSceneInfoOf(json)
  if (typeof info === 'string') throw new EngineError('invalid_request', `${label}: ${info}`, field)
  return { png, ...info }
}

/**
 * The kept scene's light, layout and view from a job.json, or why it has none: no scene entry (an
 * older job, a background-only image job), a scene made by a diffusion engine, which draws the
 * product into it (its scene.png is not empty), or one with a podium drawn where the product stood.
 */
export function keptSceneInfoOf(json: unknown): (KeptSceneInfo & { view: 'front' | 'top' }) | string {
  const parsed = sceneEntry.safeParse((json as { scene?: unknown })?.scene)
  if (!parsed.success) return 'job.json has no scene entry (light and layout) to place the product in'
  const background = (json as { engines?: { background?: unknown } })?.engines?.background
  if (background !== undefined && background !== 'builtin-procedural')
    return `the scene was made by ${String(background)}, which draws the product into it: no empty scene is kept`
  const layout = (json as { layout?: { view?: { chosen?: unknown }; podium?: unknown } })?.layout
  // A podium is drawn into scene.png under the product: it would stay behind when the product moves.
  if (layout?.podium) return 'its scene has a podium drawn under the product, which moves with it: no empty scene is kept'
  return { ...parsed.data, view: layout?.view?.chosen === 'top' ? 'top' : 'front' }
}
