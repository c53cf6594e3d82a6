/** The data of a command's answer, or the test fails with its error: for answers from a core's dispatch. */
export async function ok<T>(answer: Promise<{ ok: true; data: T } | { ok: false; error: unknown }>): Promise<T> {
  const result = await answer
  if (!result.ok) throw new Error(JSON.stringify(result.error))
  return result.data
}
