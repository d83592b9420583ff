package dev.tandem.client;

/**
 * The answer to a batch upsert of items or users.
 *
 * @param upserted how many records the batch held (all were written)
 * @param created how many of them were new
 */
public record Upserted(int upserted, int created) {}
