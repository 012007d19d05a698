package dev.latchkey.examples.cli;

import static dev.latchkey.examples.cli.CliRun.latchkey;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** The {@code demo} command's options; the server itself is specified by {@code DemoServerTest}. */
class DemoCommandTest {
  private static final String TRY_HELP = "Try 'latchkey demo --help' for more information.\n";

  @Test
  void portThatIsNotANumberIsAUsageError() {
    assertThat(latchkey("demo", "--port", "http"))
        .isEqualTo(new CliRun(2, "", "latchkey demo: Invalid value for option '--port': 'http' is not an int\n" + TRY_HELP));
  }

  @Test
  void portOutOfRangeIsAUsageError() {
    assertThat(latchkey("demo", "--port", "70000"))
        .isEqualTo(new CliRun(2, "", "latchkey demo: --port must be between 0 and 65535\n"));
  }

  @Test
  void portInUseIsAFailureNamingIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();

      assertThat(latchkey("demo", "--port", Integer.toString(port)))
          .isEqualTo(
              new CliRun(1, "", "latchkey demo: port " + port + " is in use; choose another with --port N (0 picks a free one)\n"));
    }
  }
}
