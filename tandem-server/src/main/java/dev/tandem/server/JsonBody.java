package dev.tandem.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.engine.ApiException;
import java.io.IOException;
import java.util.Locale;

/**
 * Reads request bodies as strict JSON: one document (trailing content is an error), no duplicate
 * keys, no NaN or Infinity, nesting at most {@value #MAX_DEPTH} deep, strings at most
 * {@value #MAX_STRING_CHARS} characters, numbers at most {@value #MAX_NUMBER_CHARS} characters.
 *
 * <p>Heap stays proportional to the body: an object body (a request) is parsed under a token
 * budget, and a JSON array (a batch of items, users or events) is read one element at a time —
 * each element's extent is measured first and must fit in {@value #MAX_ELEMENT_BYTES} bytes, then
 * only that element becomes a tree, which the caller turns into a record before the next one is
 * read. Every failure is an {@link ApiException} 400 naming {@code body} (or the element) and what was
 * expected. Thread-safe and immutable.
 */
final class JsonBody {
  /** Deepest nesting of arrays and objects. */
  static final int MAX_DEPTH = 16;
  /** Longest string value or field name, in characters. */
  static final int MAX_STRING_CHARS = 1_000_000;
  /** Longest number, in characters. */
  static final int MAX_NUMBER_CHARS = 100;
  /** Largest single element of a batch, in bytes of JSON. */
  static final int MAX_ELEMENT_BYTES = 2 * 1024 * 1024;

  private final ObjectMapper objects;
  private final ObjectMapper elements;
  private final int maxBatch;

  /**
   * A reader whose object bodies may hold {@code maxObjectTokens} JSON tokens and whose batches
   * may hold {@code maxBatch} elements.
   */
  JsonBody(long maxBodyBytes, long maxObjectTokens, int maxBatch) {
    this.objects = mapper(maxBodyBytes, maxObjectTokens);
    this.elements = mapper(maxBodyBytes, Long.MAX_VALUE);
    this.maxBatch = maxBatch;
  }

  private static ObjectMapper mapper(long maxBodyBytes, long maxTokens) {
    JsonFactory f = JsonFactory.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(MAX_DEPTH)
            .maxStringLength(MAX_STRING_CHARS)
            .maxNameLength(MAX_STRING_CHARS)
            .maxNumberLength(MAX_NUMBER_CHARS)
            .maxDocumentLength(maxBodyBytes)
            .maxTokenCount(maxTokens)
            .build())
        .build();
    return new ObjectMapper(f).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /** One JSON value (typically an object): the body must be exactly one document. */
  JsonNode value(byte[] body) {
    if (isBlank(body)) {
      throw ApiException.refused("body", "empty", "a JSON document");
    }
    try {
      JsonNode n = objects.readTree(body);
      if (n == null || n.isMissingNode()) {
        throw ApiException.refused("body", "empty", "a JSON document");
      }
      return n;
    } catch (JsonProcessingException e) {
      throw invalid(e);
    } catch (IOException e) {
      throw ApiException.badRequest("body", "unreadable (" + e.getMessage() + ")");
    }
  }

  /** Receives each element of a JSON array body as a small tree, with its index. */
  interface ElementSink {
    /** Takes element {@code index}; may throw {@link ApiException} for a bad element. */
    void accept(int index, JsonNode element);
  }

  /**
   * Reads a JSON array body element by element, at most {@code max_batch} of them, handing each
   * to {@code sink} before reading the next.
   *
   * @return the number of elements
   */
  int array(byte[] body, ElementSink sink) {
    if (isBlank(body)) {
      throw ApiException.refused("body", "empty", "a JSON array");
    }
    try (JsonParser p = elements.getFactory().createParser(body)) {
      JsonToken t = p.nextToken();
      if (t != JsonToken.START_ARRAY) {
        throw ApiException.invalid("body", "a JSON " + describe(t), "a JSON array");
      }
      int count = 0;
      while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
        if (t == null) {
          throw ApiException.refused("body", "the JSON array is not closed", "']'");
        }
        if (count == maxBatch) {
          throw ApiException.refused("body", "has more than " + maxBatch + " elements", "at most "
              + maxBatch + " per request (server.max_batch): send the rest in further requests");
        }
        long start = p.currentTokenLocation().getByteOffset();
        if (t.isScalarValue()) {
          p.finishToken(); // strings are read lazily: read it so that its end is known
        } else {
          p.skipChildren(); // measure the element before building anything from it
        }
        long end = p.currentLocation().getByteOffset();
        if (end - start > MAX_ELEMENT_BYTES) {
          throw ApiException.refused("[" + count + "]", (end - start) + " bytes of JSON",
              "at most " + MAX_ELEMENT_BYTES + " bytes per element");
        }
        JsonNode element;
        try (JsonParser one = elements.getFactory().createParser(body, (int) start, (int) (end - start))) {
          element = elements.readTree(one);
        }
        sink.accept(count, element);
        count++;
      }
      if (p.nextToken() != null) {
        throw ApiException.refused("body", "has content after the JSON array (at byte "
            + p.currentTokenLocation().getByteOffset() + ")", "one JSON document");
      }
      return count;
    } catch (JsonProcessingException e) {
      throw invalid(e);
    } catch (IOException e) {
      throw ApiException.badRequest("body", "unreadable (" + e.getMessage() + ")");
    }
  }

  private static boolean isBlank(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  private static String describe(JsonToken t) {
    if (t == null) {
      return "nothing";
    }
    return switch (t) {
      case START_OBJECT -> "object";
      case VALUE_STRING -> "string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
      case VALUE_TRUE, VALUE_FALSE -> "boolean";
      case VALUE_NULL -> "null";
      default -> t.name().toLowerCase(Locale.ROOT);
    };
  }

  private static ApiException invalid(JsonProcessingException e) {
    String msg = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
    int source = msg.indexOf(" (start marker at [Source:");
    if (source >= 0) {
      msg = msg.substring(0, source); // Jackson's location text says nothing here: the byte follows
    }
    int from = msg.indexOf(", from `StreamReadConstraints");
    int close = from < 0 ? -1 : msg.indexOf("`)", from);
    if (close > 0) {
      msg = msg.substring(0, from) + msg.substring(close + 1); // the setting's Java name means nothing to a client
    }
    long at = e.getLocation() == null ? -1 : e.getLocation().getByteOffset();
    String where = at >= 0 ? " at byte " + at : "";
    if (e instanceof StreamConstraintsException) {
      return ApiException.refused("body", "JSON over a limit (" + Values.quoteText(msg) + where + ")", "nesting"
          + " <= " + MAX_DEPTH + ", strings <= " + MAX_STRING_CHARS + " characters, numbers <= " + MAX_NUMBER_CHARS
          + " characters");
    }
    return ApiException.refused("body", "not valid JSON (" + Values.quoteText(msg) + where + ")", "one JSON"
        + " document without duplicate keys, NaN or Infinity");
  }
}
