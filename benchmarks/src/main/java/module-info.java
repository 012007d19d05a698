/** JMH benchmarks for Latchkey and the baselines they are compared with. Never released. */
module dev.latchkey.benchmarks {
  requires dev.latchkey.core;
  requires jmh.core;
}
