package dev.tandem.client;

import java.util.List;

/**
 * One page of {@link TandemClient#listItems}.
 *
 * @param offset the offset asked for
 * @param limit the page size asked for
 * @param total how many items match (across all pages)
 * @param items this page's items, in catalogue order
 */
public record ItemPage(int offset, int limit, int total, List<Item> items) {

  /** Copies the list. */
  public ItemPage {
    items = items == null ? List.of() : List.copyOf(items);
  }
}
