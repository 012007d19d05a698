package dev.latchkey.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SipHash-2-4 gives the reference outputs of its paper (key 00 01 … 0f, message 00 01 … n-1) for
 * inputs that end inside a block, on a block boundary and after several blocks.
 */
class SipHashTest {
  private static final long K0 = 0x0706050403020100L;
  private static final long K1 = 0x0f0e0d0c0b0a0908L;

  private static byte[] counting(int length) {
    byte[] message = new byte[length];
    for (int i = 0; i < length; i++) {
      message[i] = (byte) i;
    }
    return message;
  }

  @ParameterizedTest(name = "{0} bytes")
  @CsvSource({
      "0, 726fdb47dd0e0e31",   // empty
      "1, 74f839c593dc67fd",   // ends inside the first block
      "8, 93f5f5799a932462",   // one whole block
      "15, a129ca6149be45e5",  // the paper's worked example
      "63, 958a324ceb064572"   // several blocks, ending inside the last
  })
  void givesThePapersReferenceOutput(int length, String expected) {
    assertThat(SipHash.hash(K0, K1, counting(length))).isEqualTo(Long.parseUnsignedLong(expected, 16));
  }
}
