package dev.latchkey.jwt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenJsonTest {
  // TokenJson.read is the reader without the last line of defence of TokenJson.object, so an exception
  // it should not let out fails these specs instead of turning into a refusal.
  private static Map<String, Object> read(String json) throws TokenJson.Malformed {
    return TokenJson.read(json.getBytes(StandardCharsets.UTF_8));
  }

  private static void refused(byte[] json) {
    assertThatThrownBy(() -> TokenJson.read(json)).isInstanceOf(TokenJson.Malformed.class);
  }

  private static void refused(String json) {
    refused(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsEveryJsonTypeIntoImmutableValues() throws Exception {
    Map<String, Object> read = read(" {\"s\":\"text\", \"i\":-42, \"f\":1.5, \"e\":2E3, \"t\":true, \"n\":false,"
        + " \"a\":[\"x\",1,[]], \"o\":{\"k\":{}}}\n");
    assertThat(read).containsExactlyInAnyOrderEntriesOf(Map.of(
        "s", "text", "i", -42L, "f", 1.5, "e", 2000.0, "t", true, "n", false,
        "a", List.of("x", 1L, List.of()), "o", Map.of("k", Map.of())));
    assertThat(read.getClass()).isEqualTo(dev.latchkey.internal.frozen.FrozenMap.class);
    assertThat(read.get("a").getClass()).isEqualTo(List.of(1, 2, 3).getClass());
    assertThat(read.get("o").getClass()).isEqualTo(Map.of(1, 1).getClass());
    assertThatThrownBy(() -> read.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void anOuterObjectOfMoreMembersThanAFrozenMapHoldsIsAJdkImmutableMap() throws Exception {
    StringBuilder json = new StringBuilder("{\"m0\":0");
    for (int i = 1; i <= dev.latchkey.internal.frozen.FrozenMap.MAX_SIZE; i++) {
      json.append(",\"m").append(i).append("\":").append(i);
    }
    Map<String, Object> read = read(json.append('}').toString());
    assertThat(read).hasSize(dev.latchkey.internal.frozen.FrozenMap.MAX_SIZE + 1).containsEntry("m16", 16L);
    assertThat(read.getClass()).isEqualTo(Map.of(1, 1, 2, 2).getClass());
  }

  @Test
  @SuppressWarnings("unchecked")
  void nullMembersAreLeftOutOfTheOuterObjectAndKeptInsideIt() throws Exception {
    Map<String, Object> read = read("{\"sub\":null,\"a\":[null,1],\"o\":{\"k\":null},\"x\":1}");
    assertThat(read).containsOnlyKeys("a", "o", "x");
    assertThat((List<Object>) read.get("a")).containsExactly(null, 1L);
    assertThat((Map<String, Object>) read.get("o")).containsEntry("k", null).hasSize(1);
    assertThatThrownBy(() -> ((List<Object>) read.get("a")).set(0, 2)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void theOuterMapFindsEveryNameHoweverTheTokenSpellsIt() throws Exception {
    Map<String, Object> read = read("{\"\\u006ebf\":5,\"e\\u0078p\":6,\"\\u0073cope\":\"r w\",\"n\\u00e4me\":\"x\",\"iss\":\"i\"}");
    assertThat(read.get("nbf")).isEqualTo(5L);
    assertThat(read.get("exp")).isEqualTo(6L);
    assertThat(read.get("scope")).isEqualTo("r w");
    assertThat(read.get("nä" + "me")).isEqualTo("x");
    assertThat(read.get(new String("iss".toCharArray()))).isEqualTo("i");
    assertThat(read.get("sub")).isNull();
  }

  @Test
  void aCommonNameSpelledWithEscapesCountsAsTheSameName() {
    refused("{\"nbf\":1,\"\\u006ebf\":2}");
    refused("{\"\\u0069ss\":\"a\",\"iss\":\"b\"}");
  }

  @Test
  void aNameGivenTwiceInOneObjectIsRefusedAtAnyDepthAndSize() throws Exception {
    refused("{\"iss\":\"a\",\"iss\":\"b\"}");
    refused("{\"iss\":\"a\",\"x\":null,\"x\":1}");
    refused("{\"o\":{\"k\":1,\"k\":1}}");
    refused("{\"o\":[{\"k\":1,\"k\":2}]}");
    StringBuilder many = new StringBuilder("{");
    for (int i = 0; i < 40; i++) {
      many.append("\"m").append(i).append("\":").append(i).append(',');
    }
    assertThat(read(many + "\"last\":0}")).hasSize(41);
    refused(many + "\"m7\":0}");
    assertThat(read("{\"a\":{\"k\":1},\"b\":{\"k\":1}}")).hasSize(2);
  }

  @Test
  void nestingIsReadToItsLimitAndRefusedBeyondIt() throws Exception {
    String inner = "[".repeat(TokenJson.MAX_DEPTH - 1) + "]".repeat(TokenJson.MAX_DEPTH - 1);
    assertThat(read("{\"x\":" + inner + "}")).containsKey("x");
    refused("{\"x\":[" + inner + "]}");
    refused("{\"x\":" + "{\"y\":".repeat(TokenJson.MAX_DEPTH) + "1" + "}".repeat(TokenJson.MAX_DEPTH) + "}");
    refused("{\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}");
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "", " ", "[]", "\"s\"", "1", "null", "{", "}", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{,}", "{\"a\":1}x", "{\"a\":1}{}",
    "{'a':1}", "{a:1}", "{\"a\" 1}", "{\"a\":1 \"b\":2}", "{\"a\":[1,]}", "{\"a\":[1 2]}", "{\"a\":[1,2}", "{\"a\":{]}",
    "{\"a\":tru}", "{\"a\":True}", "{\"a\":nul}", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":-Infinity}",
    "{\"a\":01}", "{\"a\":-}", "{\"a\":+1}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":1e}", "{\"a\":1e+}", "{\"a\":0x10}",
    "{\"a\":\"open}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"\\u12g4\"}", "{\"a\":\"tab\there\"}",
    "{\"a\":\"line\nbreak\"}", "{\"a\":1}\u0000", "\u00a0{\"a\":1}", "/*c*/{\"a\":1}", "{\"a\":1}//"
  })
  void malformedTextIsRefused(String json) {
    refused(json);
  }

  @Test
  void integersBeyond64BitsAreDoublesAndNumbersBeyondDoublesOrTooLongAreRefused() throws Exception {
    assertThat(read("{\"a\":9223372036854775807,\"b\":-9223372036854775808,\"c\":-0,\"d\":123456789012345678}"))
        .containsEntry("a", Long.MAX_VALUE).containsEntry("b", Long.MIN_VALUE).containsEntry("c", 0L).containsEntry("d", 123456789012345678L);
    assertThat(read("{\"a\":92233720368547758080}")).containsEntry("a", 9.223372036854776E19);
    assertThat(read("{\"a\":1e308,\"b\":1e-400}")).containsEntry("a", 1e308).containsEntry("b", 0.0);
    refused("{\"a\":1e309}");
    refused("{\"a\":-1e309}");
    assertThat(read("{\"a\":" + "9".repeat(TokenJson.MAX_NUMBER_CHARS) + "}")).containsKey("a");
    refused("{\"a\":" + "9".repeat(TokenJson.MAX_NUMBER_CHARS + 1) + "}");
  }

  @Test
  void escapesAreDecodedAndSurrogateEscapesMustPair() throws Exception {
    assertThat(read("{\"a\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\",\"b\":\"caf\\u00e9\",\"c\":\"\\ud83d\\ude00\",\"\\u0069ss\":1}"))
        .containsEntry("a", "\"\\/\b\f\n\r\t").containsEntry("b", "café").containsEntry("c", "😀").containsEntry("iss", 1L);
    refused("{\"a\":\"\\ud83d\"}");
    refused("{\"a\":\"\\ud83dx\"}");
    refused("{\"a\":\"\\ud83d\\u0041\"}");
    refused("{\"a\":\"\\ude00\\ud83d\"}");
    refused("{\"iss\":1,\"\\u0069ss\":2}");
  }

  @Test
  void textMustBeWellFormedUtf8WithoutRawControlCharacters() throws Exception {
    assertThat(read("{\"a\":\"é€😀\",\"é\":1}")).containsEntry("a", "é€😀").containsEntry("é", 1L);
    byte[] valid = "{\"a\":\"..\"}".getBytes(StandardCharsets.US_ASCII);
    for (byte[] bad : List.of(
        new byte[] {(byte) 0xc0, (byte) 0x80}, // overlong NUL
        new byte[] {(byte) 0xe0, (byte) 0x80}, // overlong, and short
        new byte[] {(byte) 0xed, (byte) 0xa0}, // a surrogate, and short
        new byte[] {(byte) 0x80, 'x'}, // a lone continuation byte
        new byte[] {(byte) 0xf5, (byte) 0x80}, // beyond U+10FFFF
        new byte[] {(byte) 0xff, 'x'},
        new byte[] {0x01, 'x'},
        new byte[] {0x1f, 'x'})) {
      byte[] json = valid.clone();
      json[6] = bad[0];
      json[7] = bad[1];
      refused(json);
    }
    refused(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"', '}'});
    refused(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"', '}'});
    refused(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xe2, (byte) 0x82});
  }

  @Test
  void anyChangeToAValidTextIsReadOrRefusedNeverThrown() {
    byte[] valid = ("{\"iss\":\"https://issuer.example\",\"sub\":\"alice\",\"aud\":[\"api\",\"b\"],\"exp\":1767225600,"
        + "\"nbf\":1.5e9,\"realm_access\":{\"roles\":[\"ops\",null]},\"name\":\"J\\u00f6rg \\ud83d\\ude00\",\"ok\":true}")
        .getBytes(StandardCharsets.UTF_8);
    byte[] alphabet = "{}[]\":,\\-+.0123456789eEtrufalsn \u0001".getBytes(StandardCharsets.ISO_8859_1);
    SplittableRandom random = new SplittableRandom(17);
    List<String> escaped = new ArrayList<>();
    for (int round = 0; round < 20_000; round++) {
      byte[] json = Arrays.copyOf(valid, valid.length);
      for (int edits = random.nextInt(1, 4); edits > 0; edits--) {
        int at = random.nextInt(json.length);
        json[at] = random.nextBoolean() ? alphabet[random.nextInt(alphabet.length)] : (byte) random.nextInt(256);
      }
      if (random.nextInt(8) == 0) {
        json = Arrays.copyOf(json, random.nextInt(json.length));
      }
      try {
        TokenJson.read(json);
      } catch (TokenJson.Malformed expected) {
        // a refusal is a fine answer
      } catch (RuntimeException | Error e) {
        escaped.add(new String(json, StandardCharsets.ISO_8859_1) + " -> " + e);
      }
    }
    assertThat(escaped).isEmpty();
  }

  @Test
  void aRefusalNeverQuotesTheInput() {
    assertThatThrownBy(() -> read("{\"secret-looking-value\":tru}"))
        .isInstanceOf(TokenJson.Malformed.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret").doesNotContain("tru"));
  }
}
