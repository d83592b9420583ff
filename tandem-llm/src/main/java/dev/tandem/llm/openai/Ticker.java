package dev.tandem.llm.openai;

import java.util.concurrent.TimeUnit;

/** Time source and sleeper for back-off and rate limiting; replaced by a fake clock in tests. */
interface Ticker {
  /** The system clock and {@link TimeUnit#sleep}. */
  Ticker SYSTEM = new Ticker() {
    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public void sleep(long nanos) throws InterruptedException {
      TimeUnit.NANOSECONDS.sleep(nanos);
    }
  };

  long nanoTime();

  void sleep(long nanos) throws InterruptedException;
}
