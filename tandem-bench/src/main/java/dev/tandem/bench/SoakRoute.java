package dev.tandem.bench;

import java.util.SplittableRandom;

/** The routes of the soak's mix ({@link SoakMix}). */
enum SoakRoute {
  RECOMMEND("GET /recommend/{user}"), FEEDBACK("POST /feedback"), ITEMS("POST /items"), ASK("POST /ask");

  final String label;

  SoakRoute(String label) {
    this.label = label;
  }

  /** 60 / 25 / 10 / 5 out of 100. */
  static SoakRoute draw(SplittableRandom rnd) {
    int x = rnd.nextInt(100);
    return x < 60 ? RECOMMEND : x < 85 ? FEEDBACK : x < 95 ? ITEMS : ASK;
  }
}
