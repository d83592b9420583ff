package dev.tandem.store;

/** A storage failure (I/O, SQL, corrupt data) that the caller did not cause. */
public class StoreException extends RuntimeException {

  /** A failure with a message that names the operation. */
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A failure with a message and no cause. */
  public StoreException(String message) {
    super(message);
  }
}
