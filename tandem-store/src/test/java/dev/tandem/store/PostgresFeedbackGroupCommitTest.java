package dev.tandem.store;

/** {@link FeedbackGroupCommitTest} on PostgreSQL (skipped when it is not installed, unless env CI is set). */
class PostgresFeedbackGroupCommitTest extends FeedbackGroupCommitTest {
  @Override
  protected Backend backend() {
    return PostgresBackend.create();
  }
}
