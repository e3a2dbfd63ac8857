// Stand-in for the `electron` module in unit tests: the real package downloads a binary on import.
export const app = { getPath: () => '/tmp', isPackaged: false }
export default { app }
