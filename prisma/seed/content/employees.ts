import type { SeedEmployee } from './types.ts';

export const employees: readonly SeedEmployee[] = [
  {
    handle: 'dana',
    displayName: 'Dana Whitfield',
    title: 'Support Lead',
    department: 'support',
    bio:
      "I lead Tallybook's support team from our Leeds office and have answered more bank feed questions " +
      'than I can count. Before Tallybook I spent six years doing the books for a family-run joinery, so I ' +
      'know what month-end feels like on your side of the screen.',
    expertise: ['bank-feeds', 'reconciliation', 'account-access'],
    pronouns: 'she/her',
    location: 'Leeds, UK',
  },
  {
    handle: 'marcus',
    displayName: 'Marcus Oyelaran',
    title: 'Support Specialist',
    department: 'support',
    bio:
      'Marcus is usually the first person to pick up your question in the mornings, and he has a soft spot ' +
      'for invoice template puzzles. Outside work he referees Sunday league football, so he is used to ' +
      'staying calm when things get heated.',
    expertise: ['invoicing', 'vat', 'mobile-app'],
    pronouns: 'he/him',
    location: 'Manchester, UK',
  },
  {
    handle: 'priya',
    displayName: 'Priya Raman',
    title: 'Staff Engineer, Bank Feeds',
    department: 'engineering',
    bio:
      'Priya looks after the plumbing that brings your bank transactions into Tallybook, from Open Banking ' +
      'connections to the matching engine behind reconciliation suggestions. When a feed goes quiet, she ' +
      'is usually the one reading the logs.',
    expertise: ['bank-feeds', 'open-banking', 'reconciliation'],
    pronouns: 'she/her',
    location: 'London, UK',
  },
  {
    handle: 'tomasz',
    displayName: 'Tomasz Nowak',
    title: 'Senior Engineer, Payroll',
    department: 'engineering',
    bio:
      'Tomasz builds and maintains Tallybook Payroll, including RTI submissions, pension auto-enrolment ' +
      'and the dreaded tax-year rollover. He reads HMRC technical specifications for fun, and he will ' +
      'happily explain why your tax code changed.',
    expertise: ['payroll', 'rti', 'pensions', 'year-end'],
    pronouns: 'he/him',
    location: 'Kraków, Poland',
  },
  {
    handle: 'kenji',
    displayName: 'Kenji Watanabe',
    title: 'Integrations Engineer',
    department: 'engineering',
    bio:
      'Kenji works on our Stripe, Shopify, PayPal, Gusto and Zapier integrations and on the public API. If ' +
      'you are building something on top of Tallybook, he would love to hear about it, especially if our ' +
      'webhooks are getting in your way.',
    expertise: ['api', 'stripe', 'shopify', 'zapier'],
    pronouns: 'he/him',
    location: 'Bristol, UK',
  },
  {
    handle: 'elena',
    displayName: 'Elena Vargas',
    title: 'Product Manager, Invoicing',
    department: 'product',
    bio:
      'Elena owns invoicing, quotes and online payments at Tallybook, and she reads every idea posted in ' +
      'this community. She ran a small translation agency for eight years before moving into product, so ' +
      'chasing late payers is personal for her.',
    expertise: ['invoicing', 'payments', 'roadmap'],
    pronouns: 'she/her',
    location: 'Barcelona, Spain',
  },
  {
    handle: 'sam',
    displayName: 'Sam Okafor',
    title: 'Product Designer',
    department: 'product',
    bio:
      'Sam designs the screens you spend your day in, most recently the new reconciliation view and the ' +
      'receipt capture flow in the mobile app. They often ask customers here to try out early prototypes, ' +
      'so watch out for an invitation.',
    expertise: ['design', 'mobile-app', 'user-research'],
    pronouns: 'they/them',
    location: 'Glasgow, UK',
  },
  {
    handle: 'hannah',
    displayName: 'Hannah Becker',
    title: 'Community Manager',
    department: 'marketing',
    bio:
      'Hannah looks after the Tallybook Community and makes sure your questions reach the right people on ' +
      'the team. She also hosts our monthly Ask Us Anything sessions and keeps the roadmap updates coming.',
    expertise: ['community', 'webinars', 'product-updates'],
    pronouns: 'she/her',
    location: 'Berlin, Germany',
    role: 'MODERATOR',
  },
  {
    handle: 'james',
    displayName: 'James Liu',
    title: 'CEO & Co-founder',
    department: 'executive',
    bio:
      'James started Tallybook in 2016 after a year of wrestling spreadsheets while running a small coffee ' +
      'roastery. He still drops into the community most weeks and reads the top-voted ideas before every ' +
      'roadmap review.',
    expertise: ['strategy', 'roadmap', 'small-business'],
    pronouns: 'he/him',
    location: 'London, UK',
    role: 'ADMIN',
  },
  {
    handle: 'aisha',
    displayName: 'Aisha Mensah',
    title: 'Customer Success Manager',
    department: 'success',
    bio:
      'Aisha helps growing businesses and accounting practices move to Tallybook, from migrating years of ' +
      'data to setting up multi-currency and user permissions. She is a qualified accountant (ACCA) and ' +
      'loves a clean chart of accounts.',
    expertise: ['onboarding', 'migration', 'multi-currency', 'accountants'],
    pronouns: 'she/her',
    location: 'Birmingham, UK',
  },
];
