import type { SeedCategory } from './types.ts';

export const categories: readonly SeedCategory[] = [
  {
    slug: 'getting-started',
    name: 'Getting started',
    description:
      'New to Tallybook? Ask about setting up your company, importing opening balances and finding your way around.',
  },
  {
    slug: 'invoicing',
    name: 'Invoicing & payments',
    description: 'Quotes, invoices, recurring billing, reminders, online payments and getting paid faster.',
  },
  {
    slug: 'banking',
    name: 'Bank feeds & reconciliation',
    description:
      'Connecting bank accounts, missing or duplicate transactions, bank rules and reconciling your books.',
  },
  {
    slug: 'payroll-tax',
    name: 'Payroll & tax',
    description:
      'Running payroll, pay slips and pensions, VAT and sales tax returns, and year-end filing questions.',
  },
  {
    slug: 'integrations',
    name: 'Integrations & API',
    description:
      'Stripe, Shopify, PayPal, Gusto, Zapier and the Tallybook API: connecting your tools and building your own.',
  },
  {
    slug: 'ideas',
    name: 'Ideas & feedback',
    description:
      'Suggest features, vote on the ideas you want most and follow along as they move through our roadmap.',
  },
];
