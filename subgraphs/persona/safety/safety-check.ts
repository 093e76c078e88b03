/** Requests no persona may help with, whatever its own rules say. */
export type SafetyCategory = 'self_harm' | 'sexual_minors' | 'weapons';

const MINOR = String.raw`(?:child|children|kid|kids|minor|minors|underage|under-age|preteen|pre-teen|toddler|boy|boys|girl|girls|pupil|pupils|(?:[1-9]|1[0-7])[- ]?(?:year|yr)s?[- ]?old)`;
const SEXUAL = String.raw`(?:sex|sexy|sexual(?:ly)?\s+(?:act|acts|activity|content|story|stories|roleplay|fantasy|fantasies|touch|touching|photo|photos|picture|pictures|image|images|video|videos)|nude|nudes|naked|porn\w*|erotic\w*|explicit|seduce|seducing|intercourse)`;
const WEAPON = String.raw`(?:bomb|bombs|pipe\s*bomb|explosive|explosives|grenade|molotov|napalm|thermite|ied|gun|guns|firearm|firearms|rifle|pistol|silencer|ghost\s*gun|nerve\s*agent|sarin|ricin|bioweapon|chemical\s*weapon|poison\s*gas|weapon|weapons)`;
const SELF = String.raw`(?:my\s*self|myself|yourself|oneself|themselves|my\s+life|your\s+life)`;

const PATTERNS: Record<SafetyCategory, RegExp[]> = {
  self_harm: [
    new RegExp(String.raw`\b(?:kill|hurt|harm|cut|hang|poison|starve|shoot|stab|drown)(?:ing)?\s+${SELF}`, 'i'),
    new RegExp(String.raw`\b(?:end|ending|take|taking)\s+(?:my|your)\s+(?:own\s+)?life\b`, 'i'),
    /\b(?:commit(?:ting)?|methods?\s+of|ways?\s+(?:of|to)|how\s+to)\s+(?:commit\s+)?suicide\b/i,
    /\bsuicide\s+(?:method|methods|instructions?|plan|note)\b/i,
    /\b(?:lethal|deadly|fatal)\s+(?:dose|amount|overdose)\b/i,
    /\bhow\s+(?:many|much)\b[^.?!]{0,60}\b(?:to|would)\s+(?:die|overdose|kill)\b/i,
  ],
  sexual_minors: [
    new RegExp(String.raw`\b${SEXUAL}\b[^.?!]{0,80}\b${MINOR}\b`, 'i'),
    new RegExp(String.raw`\b${MINOR}\b[^.?!]{0,80}\b${SEXUAL}\b`, 'i'),
  ],
  weapons: [
    new RegExp(String.raw`\b(?:make|making|build|building|assemble|assembling|construct|constructing|manufacture|manufacturing|create|creating|3d[- ]?print(?:ing)?|produce|producing|synthesi[sz]e|synthesi[sz]ing)\s+(?:a|an|my\s+own|your\s+own|our\s+own|homemade|home-made|some|the)?\s*(?:homemade\s+)?${WEAPON}\b`, 'i'),
    new RegExp(String.raw`\b(?:recipe|instructions?|steps|blueprint|tutorial|guide)\s+(?:for|to\s+(?:make|build))\s+(?:a|an)?\s*${WEAPON}\b`, 'i'),
  ],
};

/**
 * The category of a clearly disallowed request or answer, or null. Only
 * requests for instructions or content are caught: a biology lesson on
 * sexual reproduction or a history lesson on the atomic bomb passes.
 */
export function checkSafety(text: string): SafetyCategory | null {
  const normalized = text.normalize('NFKC').replace(/\s+/g, ' ');
  for (const [category, patterns] of Object.entries(PATTERNS) as [SafetyCategory, RegExp[]][]) {
    if (patterns.some((pattern) => pattern.test(normalized))) return category;
  }
  return null;
}

/** Rules every prompt carries before the persona's own safety rules. */
export const PLATFORM_SAFETY_RULES = [
  'Your students are school pupils, many of them minors: keep every answer age-appropriate.',
  'Never give instructions for self-harm or suicide; if a student seems at risk, answer kindly and urge them to talk to a trusted adult now.',
  'Never produce sexual content, and never anything sexual involving minors.',
  'Never explain how to make or use weapons, explosives or poisons.',
];
