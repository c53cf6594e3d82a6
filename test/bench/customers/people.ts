/**
 * Names and places the benchmark customers are made of: common first and last names of the
 * communities a North American store serves, with their accents, ordered roughly by how
 * common they are (the generator favours the front of each list, as real names do).
 */
export const FIRST_NAMES = [
  'James', 'Mary', 'Michael', 'Patricia', 'John', 'Jennifer', 'Robert', 'Linda', 'David', 'Elizabeth', 'William', 'Barbara',
  'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Christopher', 'Karen', 'Charles', 'Lisa', 'Daniel', 'Nancy',
  'Matthew', 'Betty', 'Anthony', 'Margaret', 'Mark', 'Sandra', 'Donald', 'Ashley', 'Steven', 'Kimberly', 'Paul', 'Emily',
  'Andrew', 'Donna', 'Joshua', 'Michelle', 'María', 'José', 'Juan', 'Carmen', 'Luis', 'Ana', 'Carlos', 'Lucía', 'Javier',
  'Sofía', 'Jesús', 'Guadalupe', 'Ángel', 'Verónica', 'Andrés', 'Mónica', 'Raúl', 'Inés', 'Zoë', 'Renée', 'Chloé', 'Noémie',
  'Hélène', 'François', 'Jérôme', 'André', 'Élodie', 'Björn', 'Søren', 'Åsa', 'Jürgen', 'Günther', 'Käthe', 'Łukasz',
  'Agnieszka', 'Paweł', 'Małgorzata', 'Wei', 'Li', 'Ming', 'Xiu', 'Yuki', 'Hiroshi', 'Sakura', 'Priya', 'Arjun', 'Ananya',
  'Rahul', 'Fatima', 'Ahmed', 'Omar', 'Layla', 'Mohammed', 'Aisha', 'Olga', 'Ivan', 'Dmitri', 'Natalia', 'Svetlana', 'Kwame',
  'Amara', 'Chidi', 'Ngozi', 'Oğuz', 'Çağla', 'Şule', 'Xavier', 'Ximena', 'Yusuf', 'Zainab', 'Siobhán', 'Seán', 'Niamh',
  'Thanh', 'Minh', 'Quỳnh', 'Bảo', 'Joaquín', 'Ramón', 'Begoña', 'Iñaki', 'Nuño', 'Gaëlle', 'Maëlys', 'Loïc', 'Anaïs',
]

export const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez',
  'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson',
  'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright',
  'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores', 'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell',
  'Mitchell', 'Carter', 'Roberts', 'García', 'Martínez', 'Hernández', 'López', 'González', 'Pérez', 'Sánchez', 'Ramírez',
  'Núñez', 'Fernández', 'Gómez', 'Díaz', 'Muñoz', 'Álvarez', 'Jiménez', 'Ibáñez', 'Müller', 'Schmidt', 'Schneider',
  'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schäfer', 'Köhler', 'Groß', "O'Brien", "O'Connor", "O'Neill",
  'McDonald', 'MacLeod', 'Kowalski', 'Nowak', 'Wiśniewski', 'Wójcik', 'Kamiński', 'Dubois', 'Lefèvre', 'Moreau',
  'Lambert', 'Girard', 'Bérubé', 'Côté', 'Rossi', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Kim', 'Park', 'Choi',
  'Chen', 'Wang', 'Zhang', 'Liu', 'Yang', 'Huang', 'Patel', 'Singh', 'Kumar', 'Sharma', 'Gupta', 'Ivanov', 'Petrov',
  'Smirnov', 'Andersson', 'Johansson', 'Nielsen', 'Hansen', 'Jensen', 'Øberg', 'Yılmaz', 'Kaya', 'Demir', 'Şahin',
  'Çelik', 'Okafor', 'Mensah', 'Tran', 'Phạm', 'Lê', 'Võ', 'Đặng', 'Nakamura', 'Tanaka', 'Suzuki', 'Sato',
]

export const EMAIL_DOMAINS = [
  'gmail.com', 'gmail.com', 'gmail.com', 'yahoo.com', 'outlook.com', 'hotmail.com', 'icloud.com', 'aol.com', 'comcast.net',
  'proton.me', 'example.org', 'web.de', 'orange.fr', 'live.ca', 'shaw.ca',
]

/** Area codes of busy North American cities, so partial phone searches have realistic hits. */
export const AREA_CODES = ['212', '213', '305', '312', '415', '416', '503', '512', '604', '617', '702', '713', '718', '720', '773', '786', '818', '917', '206', '404']

export const CITIES: [city: string, state: string, zip: string][] = [
  ['New York', 'NY', '10001'], ['Los Angeles', 'CA', '90001'], ['Chicago', 'IL', '60601'], ['Houston', 'TX', '77001'],
  ['Miami', 'FL', '33101'], ['San Francisco', 'CA', '94102'], ['Seattle', 'WA', '98101'], ['Boston', 'MA', '02108'],
  ['Austin', 'TX', '73301'], ['Denver', 'CO', '80201'], ['Portland', 'OR', '97201'], ['Atlanta', 'GA', '30301'],
]
