/**
 * Latchkey environment keys: API keys from environment variables and dotenv files, in the Omnidev,
 * MooseStack and generic layouts ({@link dev.latchkey.keystore.env.EnvKeySource}), and the token a
 * client sends ({@link dev.latchkey.keystore.env.ClientToken}).
 */
module dev.latchkey.keystore.env {
  requires transitive dev.latchkey.core;
  requires org.slf4j;

  exports dev.latchkey.keystore.env;

  provides dev.latchkey.config.CredentialSourceFactory with
      dev.latchkey.keystore.env.internal.EnvSourceFactory;
}
