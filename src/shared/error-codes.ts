/**
 * Every failure the engine reports, with the HTTP status the local API answers it with and the CLI
 * exit code. One table, so the three surfaces cannot drift apart.
 */
export const ERROR_CODES = {
  invalid_request: { http: 400, exit: 2 },
  unknown_fields: { http: 422, exit: 2 },
  invalid_image: { http: 400, exit: 2 },
  image_too_large: { http: 400, exit: 2 },
  image_too_small: { http: 400, exit: 2 },
  invalid_font: { http: 400, exit: 2 },
  not_found: { http: 404, exit: 2 },
  busy: { http: 503, exit: 1 },
  stopped: { http: 409, exit: 1 },
  model_unavailable: { http: 503, exit: 1 },
  /** The request names an engine model that is not installed: the user can fix it (pull or import). */
  model_not_installed: { http: 400, exit: 2 },
  worker_crashed: { http: 500, exit: 1 },
  internal: { http: 500, exit: 1 },
} as const satisfies Record<string, { http: number; exit: 0 | 1 | 2 }>

export type ErrorCode = keyof typeof ERROR_CODES
