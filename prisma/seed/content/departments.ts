import type { SeedDepartment } from './types.ts';

export const departments: readonly SeedDepartment[] = [
  {
    slug: 'support',
    name: 'Customer Support',
    description:
      'The team that answers your questions, untangles tricky reconciliations and gets you back into your books, every weekday.',
  },
  {
    slug: 'engineering',
    name: 'Engineering',
    description:
      'The people who build and run Tallybook, from bank feed connections and payroll runs to the API and the mobile app.',
  },
  {
    slug: 'product',
    name: 'Product',
    description:
      'Product managers and designers who turn your ideas and feedback into the roadmap and decide what we build next.',
  },
  {
    slug: 'marketing',
    name: 'Marketing & Community',
    description:
      'The team that looks after this community, our guides and webinars, and making sure small businesses hear about Tallybook.',
  },
  {
    slug: 'executive',
    name: 'Leadership',
    description:
      "Tallybook's founders and leadership team, accountable for where the company is heading and why.",
  },
  {
    slug: 'success',
    name: 'Customer Success',
    description:
      'Account managers who help growing businesses and accounting practices get set up, migrate their data and make the most of Tallybook.',
  },
];
