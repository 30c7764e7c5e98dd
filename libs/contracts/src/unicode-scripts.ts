/**
 * The Unicode scripts (Script property values, Unicode 15.1), probed with `\p{Script=…}`
 * regexes: enough to tell which scripts a username mixes without shipping Unicode data. A name
 * the JavaScript engine does not know yet is skipped; a letter of such a script counts as
 * `Unknown`, which mixes with nothing (the safe side).
 */
const SCRIPT_NAMES = [
  // The ones names are most often written in first: the loop below stops at the first match.
  'Latin',
  'Han',
  'Cyrillic',
  'Greek',
  'Arabic',
  'Hebrew',
  'Hiragana',
  'Katakana',
  'Hangul',
  'Bopomofo',
  'Devanagari',
  'Bengali',
  'Thai',
  'Armenian',
  'Georgian',
  'Tamil',
  'Telugu',
  'Kannada',
  'Malayalam',
  'Gujarati',
  'Gurmukhi',
  'Oriya',
  'Sinhala',
  'Lao',
  'Khmer',
  'Myanmar',
  'Tibetan',
  'Ethiopic',
  'Cherokee',
  'Mongolian',
  'Thaana',
  'Syriac',
  'Nko',
  'Tifinagh',
  'Yi',
  'Adlam',
  'Ahom',
  'Anatolian_Hieroglyphs',
  'Avestan',
  'Balinese',
  'Bamum',
  'Bassa_Vah',
  'Batak',
  'Bhaiksuki',
  'Brahmi',
  'Braille',
  'Buginese',
  'Buhid',
  'Canadian_Aboriginal',
  'Carian',
  'Caucasian_Albanian',
  'Chakma',
  'Cham',
  'Chorasmian',
  'Coptic',
  'Cuneiform',
  'Cypriot',
  'Cypro_Minoan',
  'Deseret',
  'Dives_Akuru',
  'Dogra',
  'Duployan',
  'Egyptian_Hieroglyphs',
  'Elbasan',
  'Elymaic',
  'Glagolitic',
  'Gothic',
  'Grantha',
  'Gunjala_Gondi',
  'Hanifi_Rohingya',
  'Hanunoo',
  'Hatran',
  'Imperial_Aramaic',
  'Inscriptional_Pahlavi',
  'Inscriptional_Parthian',
  'Javanese',
  'Kaithi',
  'Kawi',
  'Kayah_Li',
  'Kharoshthi',
  'Khitan_Small_Script',
  'Khojki',
  'Khudawadi',
  'Lepcha',
  'Limbu',
  'Linear_A',
  'Linear_B',
  'Lisu',
  'Lycian',
  'Lydian',
  'Mahajani',
  'Makasar',
  'Mandaic',
  'Manichaean',
  'Marchen',
  'Masaram_Gondi',
  'Medefaidrin',
  'Meetei_Mayek',
  'Mende_Kikakui',
  'Meroitic_Cursive',
  'Meroitic_Hieroglyphs',
  'Miao',
  'Modi',
  'Mro',
  'Multani',
  'Nabataean',
  'Nag_Mundari',
  'Nandinagari',
  'New_Tai_Lue',
  'Newa',
  'Nushu',
  'Nyiakeng_Puachue_Hmong',
  'Ogham',
  'Ol_Chiki',
  'Old_Hungarian',
  'Old_Italic',
  'Old_North_Arabian',
  'Old_Permic',
  'Old_Persian',
  'Old_Sogdian',
  'Old_South_Arabian',
  'Old_Turkic',
  'Old_Uyghur',
  'Osage',
  'Osmanya',
  'Pahawh_Hmong',
  'Palmyrene',
  'Pau_Cin_Hau',
  'Phags_Pa',
  'Phoenician',
  'Psalter_Pahlavi',
  'Rejang',
  'Runic',
  'Samaritan',
  'Saurashtra',
  'Sharada',
  'Shavian',
  'Siddham',
  'SignWriting',
  'Sogdian',
  'Sora_Sompeng',
  'Soyombo',
  'Sundanese',
  'Syloti_Nagri',
  'Tagalog',
  'Tagbanwa',
  'Tai_Le',
  'Tai_Tham',
  'Tai_Viet',
  'Takri',
  'Tangsa',
  'Tangut',
  'Tirhuta',
  'Toto',
  'Ugaritic',
  'Vai',
  'Vithkuqi',
  'Wancho',
  'Warang_Citi',
  'Yezidi',
  'Zanabazar_Square',
];

let probes: [string, RegExp][] | undefined;

/** Built on first use: most pages of the frontend never need them. */
function scriptProbes(): [string, RegExp][] {
  probes ??= SCRIPT_NAMES.flatMap((name): [string, RegExp][] => {
    try {
      return [[name, new RegExp(`^\\p{Script=${name}}$`, 'u')]];
    } catch {
      return [];
    }
  });
  return probes;
}

/** Characters any script uses (digits, punctuation, combining marks): they belong to no one script. */
const SHARED = /^[\p{Script=Common}\p{Script=Inherited}]$/u;

/** The scripts the characters of `text` are written in, Common and Inherited left out. */
export function scriptsOf(text: string): Set<string> {
  const scripts = new Set<string>();
  for (const char of text) {
    if (SHARED.test(char)) continue;
    scripts.add(scriptProbes().find(([, probe]) => probe.test(char))?.[0] ?? 'Unknown');
  }
  return scripts;
}

/**
 * The script mixes that Unicode's "Highly Restrictive" profile (UTS #39 §5.2) allows: one
 * script, or Latin with the scripts Japanese, Chinese and Korean are written in together.
 * Anything else (a Cyrillic `а` in a Latin name) is how look-alike names are made.
 */
const ALLOWED_MIXES = [
  new Set(['Latin', 'Han', 'Hiragana', 'Katakana']),
  new Set(['Latin', 'Han', 'Bopomofo']),
  new Set(['Latin', 'Han', 'Hangul']),
];

export function isSingleScriptOrCjkMix(scripts: Set<string>): boolean {
  if (scripts.size <= 1) return true;
  return ALLOWED_MIXES.some((mix) => [...scripts].every((script) => mix.has(script)));
}
