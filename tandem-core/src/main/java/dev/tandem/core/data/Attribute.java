package dev.tandem.core.data;

/** An item or user attribute value: text or a number. */
public sealed interface Attribute permits Attribute.Text, Attribute.Number {

  /** A text attribute, e.g. {@code language = "en"}. */
  record Text(String value) implements Attribute {
    public Text {
      if (value == null) {
        throw new IllegalArgumentException("attribute text must not be null");
      }
    }

    @Override
    public String toString() {
      return value;
    }
  }

  /** A numeric attribute, e.g. {@code pages = 320}. */
  record Number(double value) implements Attribute {
    public Number {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("attribute number (" + value + ") must be finite");
      }
    }

    @Override
    public String toString() {
      return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
  }

  static Attribute of(String text) {
    return new Text(text);
  }

  static Attribute of(double number) {
    return new Number(number);
  }
}
