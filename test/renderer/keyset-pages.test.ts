import { describe, expect, it } from 'vitest'
import { ApiError } from '../../renderer/src/api/client'
import { useKeysetPages } from '../../renderer/src/api/useKeysetPages'

/** A paged list's rows and what a refused page does to them (renderer/src/api/useKeysetPages.ts). */
const refused = () => new ApiError({ code: 'UNAVAILABLE', message: 'The data folder is busy: try again in a moment' } as never)

function listOf(answers: (() => Promise<{ rows: number[]; nextCursor: string | null }>)[], options?: Parameters<typeof useKeysetPages>[1]) {
  const asked: (string | null)[] = []
  const pages = useKeysetPages<number>((after) => {
    asked.push(after)
    return answers.shift()!()
  }, options)
  return { pages, asked }
}

describe('useKeysetPages', () => {
  it('keeps the rows so far when a page is refused, says why, and Load more asks for the same page again', async () => {
    const { pages, asked } = listOf([
      async () => ({ rows: [1, 2], nextCursor: 'c2' }),
      () => Promise.reject(refused()),
      async () => ({ rows: [3], nextCursor: null }),
    ])
    await pages.reload()
    await pages.loadMore()
    expect(pages.rows.value).toEqual([1, 2])
    expect(pages.failure.value).toBe('The data folder is busy: try again in a moment')
    expect(pages.nextCursor.value).toBe('c2')
    expect(pages.loading.value).toBe(false)
    await pages.loadMore()
    expect(asked).toEqual([null, 'c2', 'c2'])
    expect(pages.rows.value).toEqual([1, 2, 3])
    expect(pages.failure.value).toBe('')
  })

  it('shows no rows of the filter before when a first page is refused, and Try again asks for that first page', async () => {
    const { pages, asked } = listOf([
      async () => ({ rows: [1, 2], nextCursor: 'c2' }),
      () => Promise.reject(refused()),
      async () => ({ rows: [7], nextCursor: null }),
    ])
    await pages.reload()
    await pages.reload()
    expect(pages.rows.value).toEqual([])
    expect(pages.nextCursor.value).toBeNull()
    expect(pages.failure.value).not.toBe('')
    await pages.loadMore()
    expect(asked).toEqual([null, null, null])
    expect(pages.rows.value).toEqual([7])
  })

  it('drops a slow answer to an earlier request: the list is the latest one asked for', async () => {
    let answerSlow: (page: { rows: number[]; nextCursor: string | null }) => void = () => {}
    const { pages } = listOf([
      () => new Promise((resolve) => (answerSlow = resolve)),
      async () => ({ rows: [9], nextCursor: null }),
    ])
    const slow = pages.reload()
    await pages.reload()
    answerSlow({ rows: [1, 2, 3], nextCursor: 'old' })
    await slow
    expect(pages.rows.value).toEqual([9])
    expect(pages.nextCursor.value).toBeNull()
    expect(pages.loading.value).toBe(false)
  })

  it('leaves a refusal to a caller that asks for it, and never swallows a bug', async () => {
    const thrown = listOf([() => Promise.reject(refused())], { failures: 'thrown' })
    await expect(thrown.pages.reload()).rejects.toBeInstanceOf(ApiError)
    expect(thrown.pages.failure.value).toBe('')
    const bug = listOf([() => Promise.reject(new TypeError('x is undefined'))])
    await expect(bug.pages.reload()).rejects.toBeInstanceOf(TypeError)
  })
})
