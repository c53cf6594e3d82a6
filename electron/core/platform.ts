/**
 * What only the desktop can do, reaching the core as small ports passed to createCore
 * (DESIGN.md, Platform ports): Electron's dialogs and notifications in the app, in-memory ones
 * in tests, the browser host's in development.
 */
export interface FileFilter {
  name: string
  extensions: string[]
}

export interface FileDialogs {
  /** Asks where to save a file; null when the user cancels. */
  chooseSaveFile(options: { title: string; defaultName: string; filters: FileFilter[] }): Promise<string | null>
  /** Asks which file to open; null when the user cancels. */
  chooseOpenFile(options: { title: string; filters: FileFilter[]; defaultFolder?: string }): Promise<string | null>
  /** Asks for a folder (one may be made in the dialog); null when the user cancels. */
  chooseFolder(options: { title: string; defaultFolder?: string }): Promise<string | null>
}

/** A message for whoever sits at the PC, even when the app is in the background. */
export interface Notice {
  title: string
  body: string
}

export interface Notifier {
  notify(notice: Notice): void
}

/** Without a desktop (a core run on its own): every dialog is cancelled. */
export const noDialogs: FileDialogs = {
  chooseSaveFile: async () => null,
  chooseOpenFile: async () => null,
  chooseFolder: async () => null,
}
