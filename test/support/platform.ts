import type { FileDialogs, Notice, Notifier } from '../../electron/core/platform'

/**
 * The in-memory platform ports: a test says what the user will pick in the next file dialog
 * (a path, or null for Cancel) and reads the notifications the core showed.
 */
export function scriptedDialogs() {
  const answers: (string | null)[] = []
  const asked: { kind: 'save' | 'open' | 'folder'; title: string; defaultName?: string }[] = []
  const next = () => (answers.length ? answers.shift()! : null)
  const dialogs: FileDialogs = {
    async chooseSaveFile(options) {
      asked.push({ kind: 'save', title: options.title, defaultName: options.defaultName })
      return next()
    },
    async chooseOpenFile(options) {
      asked.push({ kind: 'open', title: options.title })
      return next()
    },
    async chooseFolder(options) {
      asked.push({ kind: 'folder', title: options.title })
      return next()
    },
  }
  return {
    dialogs,
    asked,
    /** The user will pick `path` (a file or a folder; null: press Cancel) in the next dialog. */
    willPick(path: string | null) {
      answers.push(path)
    },
  }
}

export function recordingNotifier() {
  const notices: Notice[] = []
  const notifier: Notifier = { notify: (notice) => notices.push(notice) }
  return { notifier, notices }
}
