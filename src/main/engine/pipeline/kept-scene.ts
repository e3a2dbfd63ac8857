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
}

/** Reads `<dir>/scene.png` and the `scene` entry of `<dir>/job.json`; a missing or foreign folder is a bad-input error naming it. */
export async function readKeptScene(dir: string, field = '--scene-from'): Promise<KeptScene> {
  let png: Uint8Array
  let json: unknown
  try {
    png = await readFile(join(dir, 'scene.png'))
    json = JSON.parse(await readFile(join(dir, 'job.json'), 'utf8'))
  } catch (e) {
    throw new EngineError('invalid_request', `${field} ${dir}: needs scene.png and job.json from an earlier job (${(e as Error).message})`, field)
  }
  const parsed = sceneEntry.safeParse((json as { scene?: unknown })?.scene)
  if (!parsed.success) throw new EngineError('invalid_request', `${field} ${dir}: job.json has no scene entry (light and layout) to place the product in`, field)
  return { png, ...parsed.data }
}
