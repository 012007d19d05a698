package dev.latchkey.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The served OpenAPI 3.1 document as a checker: every request the suite sends with a JSON body that the
 * API accepts, and every response the suite sees, is validated against the operation's schemas (JSON
 * Schema 2020-12, by networknt's validator). A status or content type the document does not declare for
 * the operation fails the test too.
 */
final class OpenApiContract {
  private static final String DOCUMENT = "https://latchkey.dev/admin/openapi.json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final OpenApiContract INSTANCE = new OpenApiContract();

  private final JsonNode document;
  private final SchemaRegistry registry;

  private OpenApiContract() {
    String text = resource();
    this.document = JSON.readTree(text);
    this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, b -> b.schemas(Map.of(DOCUMENT, text)));
  }

  static OpenApiContract instance() {
    return INSTANCE;
  }

  /** The document as served from the jar. */
  static String resource() {
    try (InputStream in = AdminHandler.class.getResourceAsStream("/dev/latchkey/admin/openapi.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Checks one exchange: {@code relativePath} is the path after the mount, without the query.
   */
  void check(String method, String relativePath, Optional<String> requestJson, int status, Optional<String> contentType, String body) {
    String template = template(relativePath);
    JsonNode operation = document.path("paths").path(template).path(method.toLowerCase(java.util.Locale.ROOT));
    if (operation.isMissingNode() && status == 405) { // a method the path does not have: a problem, as every error
      assertThat(contentType).contains("application/problem+json");
      assertValid(JSON.readTree("{\"$ref\":\"#/components/schemas/Problem\"}"), body, method + " " + template + " 405");
      return;
    }
    assertThat(operation.isObject()).as("%s %s is in the OpenAPI document", method, template).isTrue();
    if (status >= 200 && status < 300 && requestJson.isPresent()) {
      JsonNode requestSchema = operation.path("requestBody").path("content").path("application/json").path("schema");
      assertThat(requestSchema.isObject()).as("%s %s declares a JSON request body", method, template).isTrue();
      assertValid(requestSchema, requestJson.get(), method + " " + template + " request");
    }
    JsonNode response = operation.path("responses").path(String.valueOf(status));
    assertThat(response.isObject()).as("%s %s declares status %s", method, template, status).isTrue();
    JsonNode content = response.path("content");
    if (content.isMissingNode() || content.isEmpty()) {
      assertThat(body).as("%s %s %s has no body", method, template, status).isEmpty();
      return;
    }
    String media = contentType.map(t -> t.split(";")[0].trim()).orElse("");
    JsonNode schema = content.path(media).path("schema");
    assertThat(schema.isObject()).as("%s %s %s is declared as %s (declared: %s)", method, template, status, media, names(content)).isTrue();
    assertValid(schema, body, method + " " + template + " " + status);
  }

  private void assertValid(JsonNode schemaNode, String json, String what) {
    Schema schema = schemaNode.has("$ref")
        ? registry.getSchema(SchemaLocation.of(DOCUMENT + schemaNode.get("$ref").asString()))
        : registry.getSchema(SchemaLocation.of(DOCUMENT), schemaNode);
    List<Error> errors = schema.validate(json, InputFormat.JSON);
    assertThat(errors).as("%s matches the OpenAPI document: %s", what, json).isEmpty();
  }

  /** The document's path template matching {@code path}. */
  private String template(String path) {
    for (Iterator<String> it = document.path("paths").propertyNames().iterator(); it.hasNext(); ) {
      String template = it.next();
      if (path.matches(template.replaceAll("\\{[^}]+}", "[^/]+"))) {
        return template;
      }
    }
    throw new AssertionError(path + " is not a path of the OpenAPI document");
  }

  private static List<String> names(JsonNode object) {
    return object.propertyNames().stream().toList();
  }
}
