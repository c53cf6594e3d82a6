import { afterAll } from 'vitest'
import { removeTempDirs } from './temp-dirs'

// A setup file: its afterAll runs after each test file's own (which close the cores using them).
afterAll(() => removeTempDirs())
