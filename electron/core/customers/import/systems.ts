import type { ImportTarget } from '../../../contract/imports'

/** A header as compared: lower case, letters and digits only ("E-mail Address" → "emailaddress"). */
export function headerKey(header: string): string {
  return header
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
}

/**
 * The export formats stores bring, as their documentation describes them: the headers that
 * identify each (all must be present) and what its columns mean. A header not listed here is
 * matched by the synonyms below.
 */
export interface KnownSystem {
  name: string
  identifiedBy: string[]
  columns: Record<string, ImportTarget>
  /** Codes a system writes for gender (OpenSourcePOS writes 1 and 0). */
  genderCodes?: Record<string, string>
}

export const KNOWN_SYSTEMS: KnownSystem[] = [
  {
    // Square Dashboard → Customers → Export customers (customers.csv).
    name: 'Square',
    identifiedBy: ['Square Customer ID', 'Email Address', 'Phone Number'],
    columns: {
      'Reference ID': 'idNumber',
      'Email Address': 'email',
      'Phone Number': 'phone',
      'Street Address 1': 'addressLine1',
      'Street Address 2': 'addressLine2',
      'Postal Code': 'zip',
      Birthday: 'dateOfBirth',
      Memo: 'notes',
      'Email Subscription Status': 'emailOptIn',
      'Creation Date': 'createdAt',
      'First Visit': 'anniversary',
      'Company Name': 'notes',
      'Square Customer ID': 'ignore',
      'Creation Source': 'ignore',
      'Last Visit': 'ignore',
      'Transaction Count': 'ignore',
      'Lifetime Spend': 'ignore',
      'Instant Profile': 'ignore',
    },
  },
  {
    // Shopify admin → Customers → Export (current format, 2023 on).
    name: 'Shopify',
    identifiedBy: ['Accepts Email Marketing', 'Default Address Address1'],
    columns: {
      'Customer ID': 'ignore',
      'Accepts Email Marketing': 'emailOptIn',
      'Accepts SMS Marketing': 'smsOptIn',
      'Default Address Company': 'notes',
      'Default Address Address1': 'addressLine1',
      'Default Address Address2': 'addressLine2',
      'Default Address City': 'city',
      'Default Address Province Code': 'state',
      'Default Address Country Code': 'country',
      'Default Address Zip': 'zip',
      'Default Address Phone': 'ignore',
      'Total Spent': 'ignore',
      'Total Orders': 'ignore',
      Note: 'notes',
      'Tax Exempt': 'ignore',
      Tags: 'notes',
    },
  },
  {
    // Shopify's earlier customer export (before 2023).
    name: 'Shopify (legacy)',
    identifiedBy: ['Accepts Marketing', 'Province Code', 'Total Spent'],
    columns: {
      Company: 'notes',
      Address1: 'addressLine1',
      Address2: 'addressLine2',
      Province: 'ignore',
      'Province Code': 'state',
      Country: 'ignore',
      'Country Code': 'country',
      'Accepts Marketing': 'emailOptIn',
      'Total Spent': 'ignore',
      'Total Orders': 'ignore',
      Tags: 'notes',
      Note: 'notes',
      'Tax Exempt': 'ignore',
    },
  },
  {
    // Lightspeed Retail (X-Series, formerly Vend) → Customers → Export.
    name: 'Lightspeed Retail',
    identifiedBy: ['customer_code', 'do_not_email'],
    columns: {
      id: 'ignore',
      customer_code: 'idNumber',
      mobile: 'notes',
      fax: 'ignore',
      date_of_birth: 'dateOfBirth',
      sex: 'gender',
      physical_address_1: 'addressLine1',
      physical_address_2: 'addressLine2',
      physical_suburb: 'ignore',
      physical_city: 'city',
      physical_postcode: 'zip',
      physical_state: 'state',
      physical_country_id: 'country',
      postal_address_1: 'ignore',
      postal_address_2: 'ignore',
      postal_suburb: 'ignore',
      postal_city: 'ignore',
      postal_postcode: 'ignore',
      postal_state: 'ignore',
      postal_country_id: 'ignore',
      do_not_email: 'emailOptOut',
      enable_loyalty: 'loyaltyEnrolled',
      customer_group_name: 'ignore',
      company_name: 'notes',
      note: 'notes',
      website: 'ignore',
      twitter: 'ignore',
      custom_field_1: 'ignore',
      custom_field_2: 'ignore',
      custom_field_3: 'ignore',
      custom_field_4: 'ignore',
      year_to_date: 'ignore',
      // What the customer has on account (store credit), not loyalty.
      balance: 'ignore',
      // Lightspeed Loyalty is cash back: this is dollars, not points. What a dollar is in points
      // depends on this store's value per point, so it is not read as points unasked: the user
      // converts the column and maps it to Loyalty points (README, Importing customers).
      loyalty_balance: 'ignore',
      created_at: 'createdAt',
      updated_at: 'ignore',
    },
  },
  {
    // WooCommerce → Customers → Download (the Analytics customers report).
    name: 'WooCommerce',
    identifiedBy: ['Name', 'Username', 'Date registered', 'Total spend'],
    columns: {
      Name: 'fullName',
      Username: 'username',
      'Last active': 'ignore',
      'Date registered': 'createdAt',
      Orders: 'ignore',
      'Total spend': 'ignore',
      AOV: 'ignore',
      Region: 'state',
      'Postal code': 'zip',
    },
  },
  {
    // Odoo Contacts → select all → Export (the default fields of res.partner).
    name: 'Odoo',
    identifiedBy: ['Name', 'Street', 'Street2', 'Zip'],
    columns: {
      Name: 'fullName',
      'Display Name': 'ignore',
      Mobile: 'notes',
      Street: 'addressLine1',
      Street2: 'addressLine2',
      'Company Name': 'notes',
      Blacklist: 'emailOptOut',
      'Internal Notes': 'notes',
      Tags: 'notes',
      Salesperson: 'ignore',
      'Job Position': 'ignore',
      'Tax ID': 'ignore',
    },
  },
  {
    // OpenSourcePOS → Customers → CSV import/export template.
    name: 'OpenSourcePOS',
    identifiedBy: ['Consent', 'Account Number', 'Taxable'],
    columns: {
      Consent: 'emailOptIn',
      'Phone Number': 'phone',
      'Address 1': 'addressLine1',
      'Address 2': 'addressLine2',
      Comments: 'notes',
      'Account Number': 'idNumber',
      Taxable: 'ignore',
      'Tax ID': 'ignore',
      Discount: 'ignore',
      'Discount Type': 'ignore',
      Company: 'notes',
    },
    genderCodes: { '1': 'male', '0': 'female' },
  },
]

/** What headers commonly mean, in plain spreadsheets and in any system above for its other columns. */
const SYNONYMS: Record<ImportTarget, string[]> = {
  ignore: [],
  notes: ['notes', 'note', 'comments', 'comment', 'memo', 'remarks'],
  fullName: ['name', 'fullname', 'customername', 'customer', 'contactname', 'displayname'],
  firstName: ['firstname', 'first', 'givenname', 'forename', 'fname', 'prenom', 'vorname'],
  lastName: ['lastname', 'last', 'surname', 'familyname', 'lname', 'nom', 'nachname'],
  nickname: ['nickname', 'nick', 'preferredname', 'knownas'],
  phone: ['phone', 'phonenumber', 'telephone', 'tel', 'mobile', 'mobilephone', 'cell', 'cellphone', 'mobilenumber', 'phonemobile', 'phonehome', 'homephone', 'contactnumber'],
  smsOptIn: ['smsoptin', 'acceptssms', 'acceptssmsmarketing', 'smsconsent', 'smsmarketing', 'textoptin', 'smssubscribed'],
  smsOptOut: ['smsoptout', 'donottext', 'nosms', 'donotsms', 'dontsms'],
  email: ['email', 'emailaddress', 'mail', 'emailid', 'primaryemail'],
  emailOptIn: ['emailoptin', 'acceptsemail', 'acceptsemailmarketing', 'acceptsmarketing', 'emailmarketing', 'newsletter', 'subscribed', 'emailsubscriptionstatus', 'marketingoptin', 'optin', 'emailconsent', 'consent'],
  emailOptOut: ['emailoptout', 'donotemail', 'noemail', 'unsubscribed', 'blacklist', 'optout', 'dontemail', 'donotmail'],
  gender: ['gender', 'sex'],
  dateOfBirth: ['dateofbirth', 'birthday', 'birthdate', 'dob', 'born', 'birthdaydate'],
  nationality: ['nationality'],
  anniversary: ['anniversary', 'firstvisit', 'customersince'],
  gateCode: ['gatecode'],
  idNumber: ['customerid', 'customernumber', 'idnumber', 'accountnumber', 'customercode', 'referenceid', 'memberid', 'membernumber'],
  customerType: ['customertype', 'type'],
  username: ['username', 'login', 'user'],
  loyaltyEnrolled: ['loyaltyenrolled', 'loyalty', 'enableloyalty', 'loyaltymember'],
  loyaltyPoints: ['loyaltypoints', 'points', 'pointsbalance', 'pointbalance', 'loyaltypointsbalance', 'rewardpoints', 'rewardspoints', 'currentpoints', 'availablepoints'],
  giftCardNumber: ['giftcardnumber', 'giftcard', 'giftcardno'],
  addressLine1: ['address', 'address1', 'addressline1', 'street', 'streetaddress', 'street1', 'streetaddress1', 'address1street'],
  addressLine2: ['address2', 'addressline2', 'street2', 'streetaddress2', 'apartment', 'suite'],
  city: ['city', 'town', 'locality', 'suburb'],
  state: ['state', 'province', 'region', 'county', 'provincecode', 'statecode', 'stateprovince'],
  zip: ['zip', 'zipcode', 'postalcode', 'postcode', 'postal', 'plz'],
  country: ['country', 'countrycode', 'countryid'],
  driversLicenseNumber: ['driverslicensenumber', 'driverslicencenumber', 'driverslicense', 'driverslicence', 'licensenumber'],
  driversLicenseState: ['driverslicensestate', 'driverslicencestate', 'licensestate'],
  driversLicenseExpiry: ['driverslicenseexpiry', 'driverslicenceexpiry', 'licenseexpiry', 'licenseexpiration'],
  medicalNumber: ['medicalnumber', 'medicalcardnumber', 'medicalid'],
  medicalExpiry: ['medicalexpiry', 'medicalcardexpiry', 'medicalexpiration'],
  flagged: ['flagged', 'flag', 'banned', 'blocked', 'donotserve'],
  flagReason: ['flagreason', 'flaggedreason', 'reasonflagged', 'banreason', 'bannedreason', 'blockreason', 'blockedreason'],
  createdAt: ['createdat', 'created', 'datecreated', 'dateregistered', 'registered', 'signupdate', 'creationdate', 'joined', 'datejoined', 'membersince'],
}

const TARGET_OF_SYNONYM = new Map<string, ImportTarget>(
  (Object.entries(SYNONYMS) as [ImportTarget, string[]][]).flatMap(([target, keys]) => keys.map((key) => [key, target] as const)),
)

/** The system whose export these headers are, if any. */
export function recogniseSystem(headers: readonly string[]): KnownSystem | null {
  const keys = new Set(headers.map(headerKey))
  return KNOWN_SYSTEMS.find((system) => system.identifiedBy.every((h) => keys.has(headerKey(h)))) ?? null
}

/** Targets only one column can fill; notes and ignore take any number. */
const SHARED_TARGETS: readonly ImportTarget[] = ['ignore', 'notes']

/**
 * A first mapping: the system's own meaning of its headers, then synonyms. A field already
 * filled by an earlier column is not taken twice (a second phone column goes to Notes);
 * a first + last name pair wins over a full-name column. Anything unknown is ignored.
 */
export function suggestMapping(headers: readonly string[], system: KnownSystem | null): ImportTarget[] {
  const own = new Map(Object.entries(system?.columns ?? {}).map(([header, target]) => [headerKey(header), target]))
  const taken = new Set<ImportTarget>()
  const mapping = headers.map((header): ImportTarget => {
    const key = headerKey(header)
    const target = own.get(key) ?? TARGET_OF_SYNONYM.get(key) ?? 'ignore'
    if (SHARED_TARGETS.includes(target)) return target
    if (taken.has(target)) return target === 'phone' || target === 'email' ? 'notes' : 'ignore'
    taken.add(target)
    return target
  })
  if (taken.has('firstName') && taken.has('fullName')) return mapping.map((t) => (t === 'fullName' ? 'ignore' : t))
  return mapping
}
