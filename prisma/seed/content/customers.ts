import type { SeedCustomer } from './types.ts';

export const customers: readonly SeedCustomer[] = [
  {
    handle: 'maria_bakes',
    displayName: 'Maria Gonzalez',
    bio: 'I run Crumb & Co, a small neighbourhood bakery in Sheffield that also supplies bread to four local cafés.',
  },
  {
    handle: 'tom-plumbing',
    displayName: 'Tom Harris',
    bio: 'Owner of Harris Plumbing & Heating, a three-van plumbing and boiler repair business in Bristol.',
  },
  {
    handle: 'freelance_fiona',
    displayName: 'Fiona McAllister',
    bio: 'Freelance copywriter working with tech start-ups and charities, invoicing clients in three currencies.',
  },
  {
    handle: 'leo_designs',
    displayName: 'Leo Marchetti',
    bio: 'One-person brand and web design studio based in Brighton, mostly working on fixed-price projects.',
  },
  {
    handle: 'nina_cpa',
    displayName: 'Nina Petrova',
    bio:
      'Independent bookkeeper and Tallybook-certified advisor looking after about 40 small business clients; ' +
      'happy to help anyone untangle their books here.',
    role: 'MODERATOR',
  },
  {
    handle: 'raj_imports',
    displayName: 'Raj Patel',
    bio: 'Runs Spice Route Imports, bringing specialty spices and teas from India to UK shops and restaurants.',
  },
  {
    handle: 'olivia_yoga',
    displayName: 'Olivia Bennett',
    bio: 'Yoga teacher and owner of a small studio in Bath, selling class passes online and running weekend retreats.',
  },
  {
    handle: 'ben_builds',
    displayName: 'Ben Carter',
    bio: 'Builder and carpenter running a five-person renovation company, juggling CIS, subcontractors and stage payments.',
  },
  {
    handle: 'chen_consulting',
    displayName: 'Wei Chen',
    bio: 'Independent IT consultant helping small firms with networks and security, billing by the hour and on retainer.',
  },
  {
    handle: 'sophie_florist',
    displayName: 'Sophie Laurent',
    bio: 'Florist running a high-street shop in York plus a busy wedding and events flowers business.',
  },
  {
    handle: 'ahmed_motors',
    displayName: 'Ahmed Hassan',
    bio: 'Owner of Hassan Motors, an independent used car dealership and service garage in Leicester.',
  },
  {
    handle: 'grace_cafe',
    displayName: 'Grace Adeyemi',
    bio: 'Runs The Corner Table, a 30-seat café in Nottingham that takes most of its payments by card reader.',
  },
  {
    handle: 'lucas_photo',
    displayName: 'Lucas Silva',
    bio: 'Wedding and portrait photographer who takes deposits through Stripe and sells prints through Shopify.',
  },
  {
    handle: 'emma_tutor',
    displayName: 'Emma Clarke',
    bio: 'Private maths and science tutor with around 25 regular students, invoicing parents at the start of each month.',
  },
  {
    handle: 'david_dental',
    displayName: 'David Kim',
    bio: 'Practice manager at a two-dentist family practice, handling payroll for eleven staff and the supplier bills.',
  },
  {
    handle: 'zoe_studio',
    displayName: 'Zoe Mitchell',
    bio: 'Co-owner of a small animation and motion graphics studio working with agencies across the UK and Europe.',
  },
  {
    handle: 'omar_logistics',
    displayName: 'Omar Farouk',
    bio: 'Runs a same-day courier and logistics firm in Birmingham with eight drivers and a growing fleet of vans.',
  },
  {
    handle: 'hana_crafts',
    displayName: 'Hana Novak',
    bio: 'Makes and sells handmade jewellery and homeware through her Shopify store, Etsy and local craft fairs.',
  },
  {
    handle: 'peter_brewery',
    displayName: 'Peter Lindqvist',
    bio: 'Head brewer and co-founder of a small craft brewery with a taproom, dealing with duty, wholesale and events.',
  },
  {
    handle: 'lisa_legal',
    displayName: 'Lisa Thompson',
    bio: 'Solicitor running a two-partner family law practice, keeping client money and office accounts carefully apart.',
  },
  {
    handle: 'kwame_tech',
    displayName: 'Kwame Asante',
    bio: 'Founder of a four-person software agency building web apps for clients, with a fondness for the Tallybook API.',
  },
  {
    handle: 'isabel_events',
    displayName: 'Isabel Romero',
    bio: 'Event planner organising weddings and corporate events, taking deposits months in advance and paying lots of suppliers.',
  },
  {
    handle: 'noah_landscaping',
    displayName: 'Noah Williams',
    bio: 'Runs a landscaping and garden maintenance business with a small seasonal crew and a lot of recurring invoices.',
  },
  {
    handle: 'fatima_boutique',
    displayName: 'Fatima Malik',
    bio: 'Owner of a fashion boutique in Manchester that sells in-store and online through Shopify and PayPal.',
  },
  {
    handle: 'jack_electric',
    displayName: 'Jack O’Brien',
    bio: 'Self-employed electrician doing domestic rewires and EV charger installs, usually invoicing from the van.',
  },
  {
    handle: 'mei_translate',
    displayName: 'Mei Tanaka',
    bio: 'Freelance Japanese–English translator with clients in Japan, the US and the EU, paid in yen, dollars and euros.',
  },
  {
    handle: 'carlos_catering',
    displayName: 'Carlos Mendes',
    bio: 'Runs a Portuguese catering company doing office lunches, weddings and festival food stalls.',
  },
  {
    handle: 'ruth_bookkeeping',
    displayName: 'Ruth Goldberg',
    bio: 'Part-time bookkeeper for a handful of local tradespeople and charities, and a long-time Tallybook user.',
  },
  {
    handle: 'victor_cycles',
    displayName: 'Victor Dubois',
    bio: 'Owner of a bike shop and repair workshop in Cambridge, selling through the till and a Shopify web store.',
  },
  {
    handle: 'anna_architect',
    displayName: 'Anna Kowalski',
    bio: 'Architect running a three-person residential practice, billing clients by project stage.',
  },
  {
    handle: 'sean_pub',
    displayName: 'Seán Murphy',
    bio: 'Landlord of a village pub with food, a dozen part-time staff and a weekly payroll to run.',
  },
  {
    handle: 'yuki_ceramics',
    displayName: 'Yuki Sato',
    bio: 'Ceramicist selling handmade tableware to restaurants and shops, and running pottery classes at weekends.',
  },
  {
    handle: 'paul_garage',
    displayName: 'Paul Jenkins',
    bio: 'Runs an independent MOT and car repair garage in Swansea with three mechanics and a busy parts account.',
  },
  {
    handle: 'ingrid_salon',
    displayName: 'Ingrid Larsen',
    bio: 'Owner of a hair salon in Edinburgh with six stylists, some employed and some renting chairs.',
  },
];
