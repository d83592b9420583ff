/**
 * Natural-language requests as structured {@link dev.tandem.llm.intent.Intent}s: what the person
 * wants (goal), must and must-not labels or terms, numeric ranges on item attributes, a count,
 * catalogue items they refer to, and a semantic query. Parsers see the catalogue only through
 * {@link dev.tandem.llm.intent.IntentCatalogue}, so every label and reference they return is checked
 * against it.
 */
package dev.tandem.llm.intent;
