// placeholder, replaced below
export function useSyncStatus() {
  return { refresh: async () => {} }
}
