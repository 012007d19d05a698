/**
 * Latchkey for Micrometer: {@link dev.latchkey.micrometer.MicrometerAuthListener} publishes the
 * observation {@code latchkey.authentications} for every decision (low-cardinality tags only),
 * {@link dev.latchkey.micrometer.LatchkeyMetrics} counts reload failures and remote key fetches, and
 * {@link dev.latchkey.micrometer.HealthMetrics} shows each component's health and its rate-limiter
 * fallbacks as meters. Depends on micrometer-core and micrometer-observation only; the host brings its
 * registries.
 */
@SuppressWarnings("requires-transitive-automatic")
module dev.latchkey.micrometer {
  requires transitive dev.latchkey.core;
  requires transitive micrometer.core;
  requires transitive micrometer.observation;
  requires transitive micrometer.commons;

  exports dev.latchkey.micrometer;
}
