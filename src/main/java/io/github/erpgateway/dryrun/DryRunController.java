package io.github.erpgateway.dryrun;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /actuator/dryrun} with {@code {"source": "...", "payload": {...}, "headers": {...}}}: what the source's
 * running route and mapping would make of the payload, without storing anything (docs/operations.md). Manager and
 * admin only: the management port's login filter refuses the viewer. A controller on the management port, not an
 * actuator endpoint: those bind a body to a map of strings, and the payload is a JSON object whose bytes, numbers
 * such as {@code 1234.50} included, become the CloudEvent's {@code data} exactly as they are sent here. A payload
 * given as a JSON string is the body itself (for bodies that are not JSON objects).
 */
@RestController
class DryRunController {

    private static final JsonFactory JSON = new JsonFactory();

    private final DryRunner runner;

    DryRunController(DryRunner runner) {
        this.runner = runner;
    }

    @PostMapping(path = "/actuator/dryrun", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> dryRun(@RequestBody(required = false) byte[] request) {
        try {
            Request parsed = parse(request == null ? new byte[0] : request);
            return ResponseEntity.ok(runner.run(parsed.source, parsed.payload, parsed.headers));
        } catch (DryRunRequestException e) {
            return ResponseEntity.status(e.status()).body(Map.of("error", e.getMessage()));
        }
    }

    private record Request(String source, byte[] payload, Map<String, Object> headers) {
    }

    /** The three fields; the payload as the exact bytes sent (or the text of a string), never re-serialised. */
    static Request parse(byte[] body) {
        String source = null;
        byte[] payload = null;
        Map<String, Object> headers = null;
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw invalid();
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "source" -> source = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    case "payload" -> {
                        if (value == JsonToken.VALUE_STRING) {
                            payload = parser.getText().getBytes(StandardCharsets.UTF_8);
                        } else if (value != JsonToken.VALUE_NULL) {
                            int start = (int) parser.currentTokenLocation().getByteOffset();
                            parser.skipChildren();
                            int end = (int) parser.currentLocation().getByteOffset();
                            payload = Arrays.copyOfRange(body, start, end);
                        }
                    }
                    case "headers" -> headers = headers(parser, value);
                    default -> parser.skipChildren();
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw invalid();
            }
        } catch (IOException e) {
            throw invalid();
        }
        return new Request(source, payload, headers);
    }

    /** A flat object of strings; the runner bounds their number and length. */
    private static Map<String, Object> headers(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.START_OBJECT) {
            throw new DryRunRequestException(400, "headers must be an object of strings");
        }
        Map<String, Object> headers = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken header = parser.nextToken();
            if (header != JsonToken.VALUE_STRING) {
                throw new DryRunRequestException(400, "headers must be an object of strings");
            }
            headers.put(name, parser.getText());
        }
        return headers;
    }

    private static DryRunRequestException invalid() {
        return new DryRunRequestException(400, "the body must be a JSON object {\"source\": \"...\", \"payload\": {...},"
                + " \"headers\": {...}}");
    }
}
