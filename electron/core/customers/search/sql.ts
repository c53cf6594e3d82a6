/** A piece of SQL with its bound values, composable without string-gluing values in. */
export interface Sql {
  text: string
  params: unknown[]
}

const isSql = (value: unknown): value is Sql =>
  typeof value === 'object' && value !== null && 'text' in value && 'params' in value

/** sql`a = ${value} AND ${otherSql}`: values become `?`, fragments are spliced in with their values. */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  let text = strings[0]
  const params: unknown[] = []
  values.forEach((value, i) => {
    if (isSql(value)) {
      text += value.text
      params.push(...value.params)
    } else {
      text += '?'
      params.push(value)
    }
    text += strings[i + 1]
  })
  return { text, params }
}

export const raw = (text: string): Sql => ({ text, params: [] })

export function joinSql(parts: readonly Sql[], separator: string): Sql {
  return { text: parts.map((p) => p.text).join(separator), params: parts.flatMap((p) => p.params) }
}

/** Every condition must hold; no condition is TRUE. */
export function allOf(parts: readonly Sql[]): Sql {
  return parts.length ? joinSql(parts.map((p) => sql`(${p})`), ' AND ') : raw('1')
}
