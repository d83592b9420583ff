package dev.tandem.store;

/**
 * A stored item or user that the current rules reject: written by an older version or by hand
 * (ids with control characters, a 5 MB attribute, ...). Reads treat it as described by
 * {@link ItemCatalog#forEachInvalid}; {@code tandem doctor} lists it. Immutable.
 *
 * @param id the stored id, as stored
 * @param idValid whether the id itself follows the id policy (if not, reads skip the record; if
 *     so, only its content is over a limit and reads return it cut to the limits)
 * @param problem what the current rules say about it, with values quoted and cut
 */
public record InvalidRecord(String id, boolean idValid, String problem) {}
