/**
 * A marchetype suggestion with its evidence (pm4-model.md §4): the
 * resolution type from the question's wording and dates ("by/before <date>"
 * can happen any time; "on/at <date>", a close or a count is end-of-period),
 * and the information level from the category, tags and the underlying
 * (an observable price or score; public but noisy polls and data; private
 * decisions of a few insiders). The user confirms or overrides with
 * `--marchetype`.
 *
 * @module
 */

import type { Marchetype } from "../config/mod.ts";

/** What the suggestion reads. */
export interface MarketText {
  /** The market's question, as Polymarket words it. */
  question: string;
  /** The description (resolution rules). */
  description: string;
  /** Category and tag labels. */
  tags: string[];
}

/** A suggestion and why. */
export interface Suggestion {
  /** The suggested marchetype. */
  marchetype: Marchetype;
  /** Anytime (a) or end-of-period (e). */
  resolution: "anytime" | "end";
  /** Information level: 1 insiders, 2 public but noisy, 3 observable underlying. */
  infoLevel: 1 | 2 | 3;
  /** The evidence, one line each. */
  evidence: string[];
}

const ANYTIME = /\b(by|before|prior to|until|no later than|at any (?:point|time)|ever)\b/i;
const END =
  /\b(on|at the close|close (?:above|below|at)|closing|settle|end of|at end|as of|in (?:q[1-4]|january|february|march|april|may|june|july|august|september|october|november|december|\d{4})|win|winner|elected|finish|final|score|result)\b/i;
const OBSERVABLE =
  /\b(btc|bitcoin|eth|ethereum|sol|solana|xrp|crypto|price|stock|s&p|nasdaq|dow|spx|gold|oil|temperature|weather|score|points|goals|touchdowns?|above \$|below \$|reach \$|hit \$)\b/i;
const INSIDER =
  /\b(ceo|resign|step down|fired|acquir\w*|merger|deal|treaty|agreement|indict\w*|arrest\w*|announce\w*|launch\w*|release\w*|airdrop|token|partnership|lawsuit|settlement|pardon|nominat\w*|appoint\w*|approv\w*|ipo)\b/i;
const PUBLIC =
  /\b(election|elections|poll|polls|vote|votes|primary|senate|house|governor|president\w*|cpi|inflation|fed|rates?|gdp|jobs|unemployment|payrolls|sports?|nba|nfl|mlb|nhl|soccer|football|tennis|match|game|championship|world cup|super bowl|oscars?|grammys?)\b/i;

/** Suggests a marchetype from the market's text. */
export function suggestMarchetype(m: MarketText): Suggestion {
  const text = `${m.question}\n${m.description}`;
  const tags = m.tags.join(", ");
  const evidence: string[] = [];
  const anytime = ANYTIME.exec(m.question);
  const end = END.exec(m.question);
  let resolution: "anytime" | "end";
  if (anytime && !/\b(on|at)\b/i.test(m.question.slice(anytime.index))) {
    resolution = "anytime";
    evidence.push(
      `resolution: anytime — the question says "${anytime[0]}" (it resolves as soon as it happens)`,
    );
  } else if (end) {
    resolution = "end";
    evidence.push(
      `resolution: end-of-period — the question says "${end[0]}" (decided at a known time)`,
    );
  } else {
    resolution = "end";
    evidence.push(
      "resolution: end-of-period — nothing in the question says it can happen any time",
    );
  }
  let infoLevel: 1 | 2 | 3;
  const obs = OBSERVABLE.exec(text) ?? OBSERVABLE.exec(tags);
  const ins = INSIDER.exec(m.question);
  const pub = PUBLIC.exec(text) ?? PUBLIC.exec(tags);
  if (obs && !ins) {
    infoLevel = 3;
    evidence.push(`information: high — an observable underlying ("${obs[0]}")`);
  } else if (ins) {
    infoLevel = 1;
    evidence.push(`information: low — decided by a few insiders ("${ins[0]}")`);
  } else if (pub) {
    infoLevel = 2;
    evidence.push(`information: medium — public but noisy signals ("${pub[0]}")`);
  } else {
    infoLevel = 2;
    evidence.push("information: medium — no clear underlying or insider in the text");
  }
  if (tags) evidence.push(`tags: ${tags}`);
  const marchetype = `${resolution === "anytime" ? "a" : "e"}${infoLevel}` as Marchetype;
  return { marchetype, resolution, infoLevel, evidence };
}
