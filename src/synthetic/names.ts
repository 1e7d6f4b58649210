/**
 * Personal names for synthetic students and staff, drawn from many naming traditions, and the slug that
 * turns a name part into an e-mail local part ("Nguyễn" → "nguyen", "O'Connor" → "oconnor").
 */

export const FIRST_NAMES: readonly string[] = `
  Amelia Oliver Isla George Ava Noah Freya Arthur Poppy Harry
  Grace Jack Sophie Thomas Emily James Chloe William Ellie Joseph
  Aisha Mohammed Fatima Omar Maryam Yusuf Zainab Ibrahim Layla Hamza
  Priya Arjun Ananya Rohan Kavya Vikram Meera Sanjay Deepika Aarav
  Wei Mei Jun Xinyi Hao Yuki Haruto Sakura Min-jun Ji-woo
  Chinedu Amara Kwame Ngozi Tendai Abena Oluwaseun Zanele Kofi Adaeze
  Mateo Sofía Diego Valentina Lucas Camila Thiago Isabela Joaquín Lucía
  Siobhán Ciarán Niamh Eoin Aoife Rhys Cerys Dafydd Eilidh Callum
  Zoë Léa Hugo Élodie Lukas Anja Matteo Giulia Piotr Zofia
  Andrei Ioana Mehmet Elif Nikos Eleni Sven Ingrid Aleksander Katarzyna
  Tariq Nadia Kiran Simran Dev Anh Linh Minh Thao Bao
  Kai Riley Jordan Morgan Alex Sam Taylor Jamie Robin Quinn
`
  .trim()
  .split(/\s+/);

export const LAST_NAMES: readonly string[] = `
  Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright
  Thompson Evans Walker White Roberts Green Hall Wood Jackson Clarke
  Khan Ahmed Hussain Ali Rahman Begum Malik Iqbal Chaudhry Siddiqui
  Patel Sharma Singh Kumar Gupta Reddy Nair Iyer Desai Mehta
  Wang Li Zhang Chen Liu Yang Huang Tanaka Suzuki Kim
  Park Nguyễn Trần Lê Phạm Okafor Adeyemi Mensah Osei Nwosu
  Mwangi Dlamini Banda Abubakar Eze García Rodríguez Martínez López González
  Fernández Silva Santos Oliveira Pereira O'Connor O'Brien Murphy Kelly Byrne
  MacDonald Campbell Stewart Morgan Llewellyn Müller Schmidt Dubois Lefèvre Rossi
  Bianchi Kowalski Nowak Popescu Yılmaz Demir Papadopoulos Andersson Johansson Novák
  Haddad Mansour Farouk Cohen Levi Mendes Costa Ferreira Hughes Edwards
  Smith-Jones Baker Carter Mitchell Turner Phillips Cooper Ward Price Bennett
`
  .trim()
  .split(/\s+/);

const slugs = new Map<string, string>();

/** Lower-case ASCII for an e-mail local part: accents removed, apostrophes and spaces dropped. */
export function emailSlug(namePart: string): string {
  let slug = slugs.get(namePart);
  if (slug === undefined) {
    slug = namePart
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/ı/g, 'i')
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, '');
    slugs.set(namePart, slug);
  }
  return slug;
}
