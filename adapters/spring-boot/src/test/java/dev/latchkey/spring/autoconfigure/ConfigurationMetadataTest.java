package dev.latchkey.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.json.JsonParserFactory;

/** An IDE completes every setting the chain schema and the starter know, in Spring's kebab case. */
class ConfigurationMetadataTest {
  private static Map<String, Object> json(String resource) throws IOException {
    try (InputStream in = ConfigurationMetadataTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      return JsonParserFactory.getJsonParser().parseMap(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  @Test
  void theMetadataNamesEveryChainSettingOfTheSchemaAndEveryStarterSetting() throws IOException {
    List<String> names = new ArrayList<>();
    for (Object property : (List<?>) json("META-INF/spring-configuration-metadata.json").get("properties")) {
      names.add((String) map(property).get("name"));
    }
    Map<String, Object> chain = map(map(map(json("dev/latchkey/keystore/file/latchkey-config.schema.json").get("$defs")).get("chain")).get("properties"));
    Map<String, Object> policies = map(map(map(json("dev/latchkey/keystore/file/latchkey-config.schema.json").get("$defs")).get("policies")).get("properties"));
    List<String> expected = new ArrayList<>(List.of("latchkey.config-file", "latchkey.open-paths", "latchkey.url-patterns",
        "latchkey.admin.enabled", "latchkey.admin.mount-path", "latchkey.admin.admin-role"));
    chain.keySet().stream().filter(k -> !k.equals("policies")).forEach(k -> expected.add("latchkey." + k.replace('_', '-')));
    policies.keySet().forEach(k -> expected.add("latchkey.policies." + k.replace('_', '-')));

    assertThat(names).containsExactlyInAnyOrderElementsOf(expected);
  }
}
