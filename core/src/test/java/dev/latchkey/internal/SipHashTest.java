package dev.latchkey.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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

  @Test
  void theEmptyMessageGivesTheReferenceOutput() {
    assertThat(SipHash.hash(K0, K1, counting(0))).isEqualTo(0x726fdb47dd0e0e31L);
  }

  @Test
  void aOneByteMessageGivesTheReferenceOutput() {
    assertThat(SipHash.hash(K0, K1, counting(1))).isEqualTo(0x74f839c593dc67fdL);
  }

  @Test
  void thePapersFifteenByteExampleGivesItsOutput() {
    assertThat(SipHash.hash(K0, K1, counting(15))).isEqualTo(0xa129ca6149be45e5L);
  }

  @Test
  void aSixtyThreeByteMessageGivesTheReferenceOutput() {
    assertThat(SipHash.hash(K0, K1, counting(63))).isEqualTo(0x958a324ceb064572L);
  }
}
