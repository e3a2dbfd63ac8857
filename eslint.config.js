// Process boundaries as lint rules (as VS Code and Signal do): the engine runs under plain Node and
// never imports electron; the renderer runs in a sandboxed page and never imports Node modules;
// shared contracts depend on neither.
import tseslint from 'typescript-eslint'
import { builtinModules } from 'node:module'
import jsxA11y from 'eslint-plugin-jsx-a11y'

const nodeModules = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)]
const nativeEngineDeps = ['sharp', 'onnxruntime-node', '@napi-rs/canvas', '@imgly/background-removal-node']

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', '.scratch/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/main/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The engine runs under plain Node (utilityProcess, fork or in-process): never import electron here.' }],
        patterns: [{ group: ['electron/*'], message: 'The engine never imports electron.' }],
      }],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'electron', message: 'The renderer talks to the engine only through the api client.' },
          ...nodeModules.map((name) => ({ name, message: 'The renderer is a sandboxed page: no Node modules.' })),
          ...nativeEngineDeps.map((name) => ({ name, message: 'Native engine modules load only in the engine process.' })),
        ],
      }],
    },
  },
  // Accessibility of the renderer's markup (labels, roles, keyboard handlers beside mouse ones).
  { files: ['src/renderer/**/*.tsx'], ...jsxA11y.flatConfigs.recommended },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'electron', message: 'Shared contracts are used by every process.' },
          ...nodeModules.map((name) => ({ name, message: 'Shared contracts have no Node dependencies.' })),
          ...nativeEngineDeps.map((name) => ({ name, message: 'Shared contracts have no native dependencies.' })),
        ],
      }],
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: nativeEngineDeps.map((name) => ({ name, message: 'The preload exposes the typed API only.' })),
      }],
    },
  },
)
