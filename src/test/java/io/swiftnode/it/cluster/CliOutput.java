package io.swiftnode.it.cluster;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;

/** Parsers for the {@code swift} client's output. Stateless and thread-safe. */
public final class CliOutput {
    private CliOutput() {
    }

    /** One row of a container listing ({@code swift list --json}). */
    public record Entry(String name, long bytes, String hash, String contentType) {
    }

    /** {@code swift list --json CONTAINER} output, in listing order, by name. */
    public static Map<String, Entry> listing(String json) {
        Map<String, Entry> out = new LinkedHashMap<>();
        try (JsonReader r = Json.createReader(new StringReader(json))) {
            JsonArray a = r.readArray();
            for (JsonValue v : a) {
                JsonObject o = v.asJsonObject();
                Entry e = new Entry(o.getString("name"), o.getJsonNumber("bytes").longValueExact(),
                        o.getString("hash"), o.getString("content_type"));
                out.put(e.name(), e);
            }
        }
        return out;
    }

    /**
     * {@code swift stat …} output ({@code "   Key: value"} lines) as a map; keys as printed
     * ({@code Content Length}, {@code ETag}, {@code Meta Color}, {@code Objects}, …).
     */
    public static Map<String, String> stat(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : text.lines().toList()) {
            int i = line.indexOf(':');
            if (i > 0) {
                String v = line.substring(i + 1);
                out.put(line.substring(0, i).strip(), v.startsWith(" ") ? v.substring(1) : v);
            }
        }
        return out;
    }
}
