package dev.tandem.core.model;

/** A fit failed on valid input: NaN factors, a matrix that is not positive definite, and the like. */
public class ModelFitException extends RuntimeException {
  public ModelFitException(String message) {
    super(message);
  }

  public ModelFitException(String message, Throwable cause) {
    super(message, cause);
  }
}
