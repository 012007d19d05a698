/** JMH benchmarks for Latchkey and the baselines they are compared with. Never released. */
module dev.latchkey.benchmarks {
  requires dev.latchkey.core;
  requires dev.latchkey.keystore.file;
  requires dev.latchkey.keystore.postgres;
  requires embedded.postgres;
  requires com.zaxxer.hikari;
  requires java.sql;
  requires dev.latchkey.jwt;
  requires dev.latchkey.examples;
  requires jdk.httpserver;
  requires com.fasterxml.jackson.databind;
  requires com.nimbusds.jose.jwt;
  requires org.bouncycastle.provider;
  requires java.management;
  requires jdk.management;
  requires jmh.core;
  requires io.github.bucket4j.core;
  requires io.github.bucket4j.lettuce;
  requires dev.latchkey.redis;
  requires dev.latchkey.micrometer;
  requires lettuce.core;
  requires embedded.redis;
  requires io.fusionauth;
  requires com.auth0.jwt;
  requires jjwt.api;
  requires org.jose4j;
  requires com.amazon.corretto.crypto.provider;
}
