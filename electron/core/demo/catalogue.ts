/** What the demo store sells and who shops there: plausible, and obviously made up. */
export const FIRST_NAMES = [
  'Amara', 'Ben', 'Chloe', 'Diego', 'Elena', 'Farid', 'Grace', 'Hiro', 'Imani', 'Jonas', 'Kavya', 'Liam',
  'Maya', 'Noah', 'Olga', 'Priya', 'Quinn', 'Rosa', 'Samir', 'Tess', 'Umar', 'Vera', 'Wen', 'Yusuf', 'Zoe',
] as const

export const LAST_NAMES = [
  'Abbott', 'Baptiste', 'Castillo', 'Dubois', 'Eriksen', 'Fujita', 'Garcia', 'Haddad', 'Ivanova', 'Johnson',
  'Kowalski', 'Lindqvist', 'Mensah', 'Nakamura', 'Okafor', 'Petrov', 'Rossi', 'Schmidt', 'Tanaka', 'Walsh',
] as const

export const STREETS = ['Maple Avenue', 'Harbour Street', 'Elm Road', 'Station Lane', 'Market Square', 'Willow Way'] as const
export const CITIES = [
  { city: 'Springfield', state: 'IL', zip: '62701' },
  { city: 'Riverside', state: 'CA', zip: '92501' },
  { city: 'Fairview', state: 'TN', zip: '37062' },
  { city: 'Madison', state: 'WI', zip: '53703' },
] as const

/** Unit prices in minor units; `taxed` items carry the store's first tax rate. */
export const PRODUCTS = [
  { name: 'Coffee beans 250 g', priceMinor: 1299, taxed: false },
  { name: 'Ceramic mug', priceMinor: 1450, taxed: true },
  { name: 'Loose-leaf tea', priceMinor: 899, taxed: false },
  { name: 'Scented candle', priceMinor: 2200, taxed: true },
  { name: 'Notebook A5', priceMinor: 650, taxed: true },
  { name: 'Greeting card', priceMinor: 399, taxed: true },
  { name: 'Chocolate bar', priceMinor: 349, taxed: false },
  { name: 'Wool scarf', priceMinor: 3900, taxed: true },
  { name: 'Gift wrap', priceMinor: 150, taxed: true },
  { name: 'Reusable bottle', priceMinor: 1850, taxed: true },
] as const

export const POSITIVE_COMMENTS = ['Lovely gift wrapping', 'Very helpful staff', 'Found exactly what I needed', '', ''] as const
export const NEGATIVE_COMMENTS = ['Long queue at the till', 'Item out of stock', ''] as const
export const VOID_REASONS = ['Rung up twice', 'Customer changed their mind', 'Wrong item scanned'] as const
